import { adminRoute } from "@/lib/http";
import { resendDelivery } from "@/lib/webhooks";

export const POST = adminRoute<{ deliveryId: string }>(async ({ params, user }) => {
  await resendDelivery({ id: params.deliveryId, adminId: user.id });
  return { resent: true };
});
