import { memberRoute, readJson } from "@/lib/http/routes";
import { typingSchema } from "@/lib/platform/schemas";
import { announceTyping } from "@/lib/realtime/presence";

export const POST = memberRoute<{ roomId: string }>(async ({ req, membership }) => {
  const { typing } = await readJson(req, typingSchema);
  announceTyping({ roomId: membership.roomId, sender: membership.sender, typing });
  return new Response(null, { status: 204 });
});
