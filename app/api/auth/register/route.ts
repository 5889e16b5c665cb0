import { clientAddress } from "@/lib/client-address";
import { json, readJson, route } from "@/lib/http";
import { registerSchema } from "@/lib/schemas";
import { registerUser } from "@/lib/users";

export const POST = route(async ({ req }) => {
  const input = await readJson(req, registerSchema);
  const user = await registerUser({ ...input, ip: clientAddress(req) });
  return json({ user: { id: user.id, email: user.email, name: user.name, role: user.role } }, 201);
});
