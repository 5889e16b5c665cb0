import { oauthPreflight, oauthRoute } from "@/lib/http";
import { OAuthError, registerClient } from "@/lib/oauth";

export const POST = oauthRoute(async (req) => {
  const body = await req.json().catch(() => {
    throw new OAuthError("invalid_client_metadata", "The body must be a JSON object");
  });
  return Response.json(await registerClient(body), { status: 201, headers: { "cache-control": "no-store" } });
});
export const OPTIONS = oauthPreflight;
