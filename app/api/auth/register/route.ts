import { registerUser } from "@/lib/auth/users";
import { json, readJson, route } from "@/lib/http/routes";
import { clientAddress } from "@/lib/platform/client-address";
import { registerSchema } from "@/lib/platform/schemas";

export const POST = route(async ({ req }) => {
  const input = await readJson(req, registerSchema);
  const user = await registerUser({ ...input, ip: clientAddress(req) });
  return json({ user: { id: user.id, email: user.email, name: user.name, role: user.role } }, 201);
});
