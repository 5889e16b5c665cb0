import { z } from "zod";
import { adminRoute, readQuery } from "@/lib/http";
import { searchRoomsByMetadata } from "@/lib/metadata";
import { metadataKeySchema } from "@/lib/schemas";

const querySchema = z.object({ key: metadataKeySchema, value: z.string().max(1000) });

export const GET = adminRoute(async ({ req }) => {
  const { key, value } = readQuery(req, querySchema);
  return { rooms: await searchRoomsByMetadata({ key, value }) };
});
