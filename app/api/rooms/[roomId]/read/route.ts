import { memberRoute, readJson } from "@/lib/http";
import { markRead } from "@/lib/rooms";
import { markReadSchema } from "@/lib/schemas";

export const POST = memberRoute<{ roomId: string }>(async ({ req, membership }) => {
  const { seq } = await readJson(req, markReadSchema);
  await markRead({ membership, seq });
  return new Response(null, { status: 204 });
});
