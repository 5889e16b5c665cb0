import { updateProfile } from "@/lib/auth/profile";
import { getAccount } from "@/lib/auth/users";
import { readJson, userRoute } from "@/lib/http/routes";
import { clientAddress } from "@/lib/platform/client-address";
import { updateProfileSchema } from "@/lib/platform/schemas";

/** Your account as the account page shows it: name, email, whether it has a password, open sessions. */
export const GET = userRoute(async ({ user }) => ({ account: await getAccount(user.id) }));

/** `{ name?, email?, currentPassword? }`: a new email needs the current password → `{ account }`. */
export const PATCH = userRoute(async ({ req, user }) => {
  const input = await readJson(req, updateProfileSchema);
  await updateProfile({ user, ...input, ip: clientAddress(req) });
  return { account: await getAccount(user.id) };
});
