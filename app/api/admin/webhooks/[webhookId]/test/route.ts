import { adminRoute, json } from "@/lib/http/routes";
import { sendTestEvent } from "@/lib/review/webhooks";

export const POST = adminRoute<{ webhookId: string }>(async ({ params, user }) =>
  json({ delivery: await sendTestEvent({ id: params.webhookId, adminId: user.id }) }, 202),
);
