import { currentUser } from "@/lib/auth/authjs";
import { bearerMatches, json, route } from "@/lib/http/routes";
import { checkHealth } from "@/lib/ops/health";
import { env } from "@/lib/platform/env";

export const dynamic = "force-dynamic";

/** Everyone gets the status; admins and holders of HEALTH_TOKEN get the details too. */
export const GET = route(async ({ req }) => {
  const detailed = bearerMatches(req, env.HEALTH_TOKEN) || (await currentUser().catch(() => null))?.role === "ADMIN";
  const health = await checkHealth({ detailed });
  return json(health, health.status === "ok" ? 200 : 503, { "cache-control": "no-store" });
});
