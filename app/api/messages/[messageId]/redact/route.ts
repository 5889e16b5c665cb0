import { userRoute } from "@/lib/http/routes";
import { clientAddress } from "@/lib/platform/client-address";
import { deleteMessage, messageForUser } from "@/lib/rooms/message-changes";

/** Kept for existing callers: the same as `DELETE /api/messages/:messageId`. */
export const POST = userRoute<{ messageId: string }>(async ({ req, params, user }) => {
  const { target, actor } = await messageForUser(params.messageId, user, { admin: true });
  return { message: await deleteMessage({ target, actor: { ...actor, ip: clientAddress(req) } }) };
});
