import { clientAddress, userRoute } from "@/lib/http";
import { redactMessage } from "@/lib/messages";

/** The author or an admin redacts a message: `{ message }` with the redacted view. */
export const POST = userRoute<{ messageId: string }>(async ({ req, params, user }) => ({
  message: await redactMessage({ messageId: params.messageId, actor: user, ip: clientAddress(req) }),
}));
