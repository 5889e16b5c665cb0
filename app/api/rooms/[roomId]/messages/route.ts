import { roomHistory, sendToRoom } from "@/lib/message-routes";

export const GET = roomHistory;
export const POST = sendToRoom;
