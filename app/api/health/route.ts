import { currentUser } from "@/lib/auth";
import { env } from "@/lib/env";
import { checkHealth } from "@/lib/health";
import { bearerMatches, json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Everyone gets the status; admins and holders of HEALTH_TOKEN get the details too. */
export const GET = route(async ({ req }) => {
  const detailed = bearerMatches(req, env.HEALTH_TOKEN) || (await currentUser().catch(() => null))?.role === "ADMIN";
  const health = await checkHealth({ detailed });
  return json(health, health.status === "ok" ? 200 : 503, { "cache-control": "no-store" });
});
