import { registerClient } from "@/lib/auth/oauth-clients";
import { OAuthError } from "@/lib/auth/oauth-core";
import { oauthPreflight, oauthRoute, readBody } from "@/lib/http/routes";
import { clientAddress } from "@/lib/platform/client-address";

export const POST = oauthRoute(async (req) => {
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch (err) {
    if (err instanceof SyntaxError) throw new OAuthError("invalid_client_metadata", "The body must be a JSON object");
    throw err;
  }
  return Response.json(await registerClient(body, { address: clientAddress(req) }), {
    status: 201,
    headers: { "cache-control": "no-store" },
  });
});
export const OPTIONS = oauthPreflight;
