import { endSessionsOf } from "@/lib/auth/sessions";
import { adminRoute } from "@/lib/http/routes";

export const DELETE = adminRoute<{ userId: string }>(async ({ params, user }) => ({
  ended: await endSessionsOf({ userId: params.userId, adminId: user.id }),
}));
