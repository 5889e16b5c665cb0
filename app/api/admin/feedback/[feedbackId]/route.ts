import { adminRoute, readJson, readQuery } from "@/lib/http/routes";
import { feedbackFilterSchema, reviewSchema } from "@/lib/platform/schemas";
import { feedbackInContext, reviewFeedback } from "@/lib/review/feedback";
import { feedbackNeighbors } from "@/lib/review/feedback-neighbors";

type Params = { feedbackId: string };

/** The item in its conversation; with the list's filters, also the previous and next items of that list. */
export const GET = adminRoute<Params>(async ({ req, params }) => {
  const filter = readQuery(req, feedbackFilterSchema);
  const [context, neighbors] = await Promise.all([
    feedbackInContext(params.feedbackId),
    feedbackNeighbors(params.feedbackId, filter),
  ]);
  return { ...context, neighbors };
});

export const PATCH = adminRoute<Params>(async ({ req, params, user }) => {
  const { reviewed, note } = await readJson(req, reviewSchema);
  return { feedback: await reviewFeedback({ id: params.feedbackId, adminId: user.id, reviewed, note }) };
});
