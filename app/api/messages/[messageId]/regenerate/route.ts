import { answerAgain } from "@/lib/agents/regenerate";
import { userRoute } from "@/lib/http/routes";
import { messageForUser } from "@/lib/rooms/message-changes";

type Params = { messageId: string };

/** "Answer again" on an agent's reply: the agent is asked the same question once more → 202. */
export const POST = userRoute<Params>(async ({ params, user }) => {
  const { target, actor } = await messageForUser(params.messageId, user);
  const redo = await answerAgain({ target, actor, userId: user.id });
  return Response.json({ answerAgain: redo }, { status: 202 });
});
