import { oauthPreflight, oauthRoute, readForm } from "@/lib/http";
import { revokeOAuthToken } from "@/lib/oauth";

export const POST = oauthRoute(async (req) => {
  await revokeOAuthToken(await readForm(req));
  return new Response(null, { status: 200 });
});
export const OPTIONS = oauthPreflight;
