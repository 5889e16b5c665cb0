import { adminRoute } from "@/lib/http/routes";
import { resendDelivery } from "@/lib/review/webhooks";

export const POST = adminRoute<{ deliveryId: string }>(async ({ params, user }) => {
  await resendDelivery({ id: params.deliveryId, adminId: user.id });
  return { resent: true };
});
