import { adminRoute, readJson } from "@/lib/http/routes";
import { reviewSchema } from "@/lib/platform/schemas";
import { feedbackInContext, reviewFeedback } from "@/lib/review/feedback";

type Params = { feedbackId: string };

export const GET = adminRoute<Params>(async ({ params }) => feedbackInContext(params.feedbackId));

export const PATCH = adminRoute<Params>(async ({ req, params, user }) => {
  const { reviewed, note } = await readJson(req, reviewSchema);
  return { feedback: await reviewFeedback({ id: params.feedbackId, adminId: user.id, reviewed, note }) };
});
