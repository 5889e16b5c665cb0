import { revokeGrant } from "@/lib/auth/oauth";
import { userRoute } from "@/lib/http/routes";
import { AppError } from "@/lib/platform/errors";

export const DELETE = userRoute<{ grantId: string }>(async ({ params, user }) => {
  if (!(await revokeGrant({ userId: user.id, grantId: params.grantId })))
    throw new AppError("not_found", "Connection not found");
  return new Response(null, { status: 204 });
});
