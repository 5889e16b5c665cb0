import { readJson, userRoute } from "@/lib/http/routes";
import { clientAddress } from "@/lib/platform/client-address";
import { editMessageSchema } from "@/lib/platform/schemas";
import { deleteMessage, editMessage, messageForUser } from "@/lib/rooms/message-changes";

type Params = { messageId: string };

/** The author edits their message → `{ message }` with editedAt. */
export const PATCH = userRoute<Params>(async ({ req, params, user }) => {
  const { body } = await readJson(req, editMessageSchema);
  const { target, actor } = await messageForUser(params.messageId, user);
  return { message: await editMessage({ target, actor, body }) };
});

/** The author, or an admin (in the room or not), deletes a message → `{ message }` as it now shows. */
export const DELETE = userRoute<Params>(async ({ req, params, user }) => {
  const { target, actor } = await messageForUser(params.messageId, user, { admin: true });
  return { message: await deleteMessage({ target, actor: { ...actor, ip: clientAddress(req) } }) };
});
