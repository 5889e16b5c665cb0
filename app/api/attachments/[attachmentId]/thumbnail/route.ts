import { downloadThumbnail } from "@/lib/http/attachment-routes";

export const GET = downloadThumbnail;
