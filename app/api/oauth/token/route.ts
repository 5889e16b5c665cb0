import { exchangeToken } from "@/lib/auth/oauth";
import { oauthPreflight, oauthRoute, readForm, requestOrigin } from "@/lib/http/routes";

export const POST = oauthRoute(async (req) =>
  Response.json(await exchangeToken(await readForm(req), requestOrigin(req)), {
    headers: { "cache-control": "no-store", pragma: "no-cache" },
  }),
);
export const OPTIONS = oauthPreflight;
