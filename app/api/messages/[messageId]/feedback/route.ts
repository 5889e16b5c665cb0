import { readJson, userRoute } from "@/lib/http/routes";
import { feedbackSchema } from "@/lib/platform/schemas";
import { setFeedback } from "@/lib/review/feedback";

export const PUT = userRoute<{ messageId: string }>(async ({ req, params, user }) => {
  const { rating, comment } = await readJson(req, feedbackSchema);
  return setFeedback({ userId: user.id, messageId: params.messageId, rating, comment });
});
