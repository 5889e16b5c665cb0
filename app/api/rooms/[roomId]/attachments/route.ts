import { uploadToRoom } from "@/lib/http/attachment-routes";

export const POST = uploadToRoom;
