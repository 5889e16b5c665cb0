import { adminRoute, readQuery } from "@/lib/http";
import { searchRoomsByMetadata } from "@/lib/metadata";
import { metadataSearchSchema } from "@/lib/schemas";

export const GET = adminRoute(async ({ req }) => ({ rooms: await searchRoomsByMetadata(readQuery(req, metadataSearchSchema)) }));
