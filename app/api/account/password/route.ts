import { changePassword } from "@/lib/auth/users";
import { readJson, userRoute } from "@/lib/http/routes";
import { clientAddress } from "@/lib/platform/client-address";
import { changePasswordSchema } from "@/lib/platform/schemas";

export const POST = userRoute(async ({ req, user }) => {
  const input = await readJson(req, changePasswordSchema);
  return changePassword({ user, ...input, ip: clientAddress(req) });
});
