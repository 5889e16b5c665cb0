import { feedbackInContext, reviewFeedback } from "@/lib/feedback";
import { adminRoute, readJson } from "@/lib/http";
import { reviewSchema } from "@/lib/schemas";

type Params = { feedbackId: string };

export const GET = adminRoute<Params>(async ({ params }) => feedbackInContext(params.feedbackId));

export const PATCH = adminRoute<Params>(async ({ req, params, user }) => {
  const { reviewed, note } = await readJson(req, reviewSchema);
  return { feedback: await reviewFeedback({ id: params.feedbackId, adminId: user.id, reviewed, note }) };
});
