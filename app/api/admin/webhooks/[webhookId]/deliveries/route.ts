import { adminRoute } from "@/lib/http";
import { listDeliveries } from "@/lib/webhooks";

export const GET = adminRoute<{ webhookId: string }>(async ({ params }) => ({ deliveries: await listDeliveries(params.webhookId) }));
