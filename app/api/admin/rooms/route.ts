import { z } from "zod";
import { requireAdmin } from "@/lib/auth";
import { readQuery, route } from "@/lib/http";
import { searchRoomsByMetadata } from "@/lib/metadata";
import { metadataKeySchema } from "@/lib/schemas";

const querySchema = z.object({ key: metadataKeySchema, value: z.string().max(1000) });

export const GET = route(async ({ req }) => {
  await requireAdmin();
  const { key, value } = readQuery(req, querySchema);
  return { rooms: await searchRoomsByMetadata({ key, value }) };
});
