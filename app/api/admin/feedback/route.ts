import { adminRoute, readQuery } from "@/lib/http/routes";
import { feedbackListSchema } from "@/lib/platform/schemas";
import { listFeedback } from "@/lib/review/feedback";

export const GET = adminRoute(async ({ req }) => listFeedback(readQuery(req, feedbackListSchema)));
