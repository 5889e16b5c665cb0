import { memberRoute, readJson } from "@/lib/http/routes";
import { markReadSchema } from "@/lib/platform/schemas";
import { markRead } from "@/lib/rooms/rooms";

export const POST = memberRoute<{ roomId: string }>(async ({ req, membership }) => {
  const { seq } = await readJson(req, markReadSchema);
  await markRead({ membership, seq });
  return new Response(null, { status: 204 });
});
