import { AppError } from "@/lib/errors";
import { userRoute } from "@/lib/http";
import { revokeGrant } from "@/lib/oauth";

export const DELETE = userRoute<{ grantId: string }>(async ({ params, user }) => {
  if (!(await revokeGrant({ userId: user.id, grantId: params.grantId }))) throw new AppError("not_found", "Connection not found");
  return new Response(null, { status: 204 });
});
