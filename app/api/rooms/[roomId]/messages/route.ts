import { roomHistory, sendToRoom } from "@/lib/http/message-routes";

export const GET = roomHistory;
export const POST = sendToRoom;
