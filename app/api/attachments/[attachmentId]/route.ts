import { downloadAttachment } from "@/lib/http/attachment-routes";

export const GET = downloadAttachment;
