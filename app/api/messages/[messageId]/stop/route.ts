import { userRoute } from "@/lib/http/routes";
import { requestStop } from "@/lib/rooms/drafts";
import { messageForUser } from "@/lib/rooms/message-changes";

type Params = { messageId: string };

/** Stop on a reply being written: its writer ends it with what it has written → 202. */
export const POST = userRoute<Params>(async ({ params, user }) => {
  const { target, actor } = await messageForUser(params.messageId, user);
  await requestStop(target, actor);
  return Response.json({ stopping: true }, { status: 202 });
});
