import { oauthPreflight, oauthRoute, requestOrigin } from "@/lib/http";
import { authorizationServerMetadata } from "@/lib/oauth";

// RFC 8414 authorization server metadata.
export const GET = oauthRoute(async (req) => Response.json(authorizationServerMetadata(requestOrigin(req))));
export const OPTIONS = oauthPreflight;
