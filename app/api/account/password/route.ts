import { clientAddress } from "@/lib/client-address";
import { readJson, userRoute } from "@/lib/http";
import { changePasswordSchema } from "@/lib/schemas";
import { changePassword } from "@/lib/users";

export const POST = userRoute(async ({ req, user }) => {
  const input = await readJson(req, changePasswordSchema);
  return changePassword({ user, ...input, ip: clientAddress(req) });
});
