import { setReplyRule } from "@/lib/agents/agents";
import { memberRoute, readJson } from "@/lib/http/routes";
import { replyRuleUpdateSchema } from "@/lib/platform/schemas";
import { removeAgent } from "@/lib/rooms/rooms";

type Params = { roomId: string; participantId: string };

/** The room's owner sets which messages an agent answers: `{ replyRule: "all" | "mentions" }`. */
export const PATCH = memberRoute<Params>(async ({ req, params, membership }) => {
  const { replyRule } = await readJson(req, replyRuleUpdateSchema);
  return setReplyRule({ membership, participantId: params.participantId, replyRule });
});

export const DELETE = memberRoute<Params>(async ({ params, membership }) => {
  await removeAgent({ membership, participantId: params.participantId });
  return new Response(null, { status: 204 });
});
