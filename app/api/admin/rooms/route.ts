import { adminRoute, readQuery } from "@/lib/http/routes";
import { metadataSearchSchema } from "@/lib/platform/schemas";
import { searchRoomsByMetadata } from "@/lib/rooms/metadata";

export const GET = adminRoute(async ({ req }) => ({
  rooms: await searchRoomsByMetadata(readQuery(req, metadataSearchSchema)),
}));
