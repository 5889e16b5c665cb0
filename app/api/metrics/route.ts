import { bearerMatches, route } from "@/lib/http/routes";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { metricsText } from "@/lib/platform/metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint; with METRICS_TOKEN set, only for `Authorization: Bearer <METRICS_TOKEN>`. */
export const GET = route(async ({ req }) => {
  if (env.METRICS_TOKEN && !bearerMatches(req, env.METRICS_TOKEN)) {
    const res = Response.json(
      new AppError("unauthorized", "Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`").toJSON(),
      { status: 401 },
    );
    res.headers.set("www-authenticate", 'Bearer realm="parley-metrics"');
    return res;
  }
  const { body, contentType } = await metricsText();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
