import { adminRoute } from "@/lib/http/routes";
import { listDeliveries } from "@/lib/review/webhooks";

export const GET = adminRoute<{ webhookId: string }>(async ({ params }) => ({
  deliveries: await listDeliveries(params.webhookId),
}));
