import { memberRoute, readJson } from "@/lib/http";
import { announceTyping } from "@/lib/presence";
import { typingSchema } from "@/lib/schemas";

export const POST = memberRoute<{ roomId: string }>(async ({ req, membership }) => {
  const { typing } = await readJson(req, typingSchema);
  announceTyping({ roomId: membership.roomId, sender: membership.sender, typing });
  return new Response(null, { status: 204 });
});
