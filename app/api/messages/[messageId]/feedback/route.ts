import { setFeedback } from "@/lib/feedback";
import { readJson, userRoute } from "@/lib/http";
import { feedbackSchema } from "@/lib/schemas";

export const PUT = userRoute<{ messageId: string }>(async ({ req, params, user }) => {
  const { rating, comment } = await readJson(req, feedbackSchema);
  return setFeedback({ userId: user.id, messageId: params.messageId, rating, comment });
});
