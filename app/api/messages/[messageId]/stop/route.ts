import { requestStop } from "@/lib/drafts";
import { userRoute } from "@/lib/http";
import { messageForUser } from "@/lib/message-changes";

type Params = { messageId: string };

/** Stop on a reply being written: its writer ends it with what it has written → 202. */
export const POST = userRoute<Params>(async ({ params, user }) => {
  const { target, actor } = await messageForUser(params.messageId, user);
  await requestStop(target, actor);
  return Response.json({ stopping: true }, { status: 202 });
});
