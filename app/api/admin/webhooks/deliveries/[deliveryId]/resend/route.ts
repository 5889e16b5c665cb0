import { adminRoute } from "@/lib/http";
import { resendDelivery } from "@/lib/webhooks";

export const POST = adminRoute<{ deliveryId: string }>(async ({ params }) => {
  await resendDelivery(params.deliveryId);
  return { resent: true };
});
