import { signOut } from "@/lib/auth/authjs";
import { signOutEverywhere } from "@/lib/auth/sessions";
import { userRoute } from "@/lib/http/routes";

// Sign out everywhere: every session of the person ends, this one included (its cookie is cleared too).
export const DELETE = userRoute(async ({ user }) => {
  await signOutEverywhere(user.id);
  await signOut({ redirect: false });
  return new Response(null, { status: 204 });
});
