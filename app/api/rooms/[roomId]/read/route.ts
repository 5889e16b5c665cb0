import { z } from "zod";
import { memberRoute, readJson } from "@/lib/http";
import { markRead } from "@/lib/rooms";

export const POST = memberRoute<{ roomId: string }>(async ({ req, membership }) => {
  const { seq } = await readJson(req, z.object({ seq: z.number().int().min(0) }));
  await markRead({ membership, seq });
  return new Response(null, { status: 204 });
});
