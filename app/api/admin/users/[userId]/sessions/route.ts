import { adminRoute } from "@/lib/http";
import { endSessionsOf } from "@/lib/sessions";

export const DELETE = adminRoute<{ userId: string }>(async ({ params, user }) => ({
  ended: await endSessionsOf({ userId: params.userId, adminId: user.id }),
}));
