import { protectedResourceMetadata } from "@/lib/auth/oauth";
import { oauthPreflight, oauthRoute, requestOrigin } from "@/lib/http/routes";

// RFC 9728: which authorization server guards /api/mcp.
export const GET = oauthRoute(async (req) => Response.json(protectedResourceMetadata(requestOrigin(req))));
export const OPTIONS = oauthPreflight;
