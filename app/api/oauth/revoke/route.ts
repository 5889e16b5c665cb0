import { revokeOAuthToken } from "@/lib/auth/oauth";
import { oauthPreflight, oauthRoute, readForm } from "@/lib/http/routes";

export const POST = oauthRoute(async (req) => {
  await revokeOAuthToken(await readForm(req));
  return new Response(null, { status: 200 });
});
export const OPTIONS = oauthPreflight;
