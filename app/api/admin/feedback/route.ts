import { listFeedback } from "@/lib/feedback";
import { adminRoute, readQuery } from "@/lib/http";
import { feedbackListSchema } from "@/lib/schemas";

export const GET = adminRoute(async ({ req }) => listFeedback(readQuery(req, feedbackListSchema)));
