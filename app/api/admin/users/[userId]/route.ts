import { updatePerson } from "@/lib/auth/people-admin";
import { adminRoute, readJson } from "@/lib/http/routes";
import { personUpdateSchema } from "@/lib/platform/schemas";

/** `{ role?, active? }`: an admin changes a person's role or (de)activates them → 204. */
export const PATCH = adminRoute<{ userId: string }>(async ({ req, params, user }) => {
  await updatePerson({ adminId: user.id, userId: params.userId, ...(await readJson(req, personUpdateSchema)) });
  return new Response(null, { status: 204 });
});
