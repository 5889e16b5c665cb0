import { adminRoute, json } from "@/lib/http";
import { sendTestEvent } from "@/lib/webhooks";

export const POST = adminRoute<{ webhookId: string }>(async ({ params, user }) =>
  json({ delivery: await sendTestEvent({ id: params.webhookId, adminId: user.id }) }, 202),
);
