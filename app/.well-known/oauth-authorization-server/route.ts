import { authorizationServerMetadata } from "@/lib/auth/oauth";
import { oauthPreflight, oauthRoute, requestOrigin } from "@/lib/http/routes";

// RFC 8414 authorization server metadata.
export const GET = oauthRoute(async (req) => Response.json(authorizationServerMetadata(requestOrigin(req))));
export const OPTIONS = oauthPreflight;
