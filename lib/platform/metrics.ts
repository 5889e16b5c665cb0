import "server-only";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics. Next bundles route handlers, instrumentation and pages separately, so this module
 * can be evaluated more than once per process: the registry and every metric live on globalThis and are
 * created once, whichever copy comes first.
 */

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Time to answer an API request (to the first byte for streams), by route pattern and status",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    messages: new Counter({
      name: "parley_messages_total",
      help: "Messages stored, by sender kind",
      labelNames: ["sender"] as const,
      registers,
    }),
    deliveryLatency: new Histogram({
      name: "parley_delivery_latency_seconds",
      help: "From a message's commit to its write on a live stream",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    sseConnections: new Gauge({
      name: "parley_sse_connections",
      help: "Open server-sent event streams on this instance, by kind (room, inbox, admin, page)",
      labelNames: ["kind"] as const,
      registers,
    }),
    agentsWaiting: new Gauge({
      name: "parley_agents_waiting",
      help: "Agent calls held open waiting for messages on this instance",
      registers,
    }),
    mcpToolCalls: new Counter({
      name: "parley_mcp_tool_calls_total",
      help: "MCP tool calls by tool and outcome (ok, error: refused with a reason, fault: server error)",
      labelNames: ["tool", "outcome"] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: "parley_rate_limited_total",
      help: "Requests refused by a rate limit, by limiter",
      labelNames: ["limiter"] as const,
      registers,
    }),
    passwordHashes: new Counter({
      name: "parley_password_hashes_total",
      help: "scrypt password hashes computed (sign-ups, sign-ins, password changes), unknown emails included",
      registers,
    }),
    webhookDeliveries: new Counter({
      name: "parley_webhook_deliveries_total",
      help: "Webhook delivery attempts by outcome",
      labelNames: ["outcome"] as const,
      registers,
    }),
  };
}

type Metrics = ReturnType<typeof create>;
const globalMetrics = globalThis as unknown as { parleyMetrics?: Metrics };
export const metrics: Metrics = (globalMetrics.parleyMetrics ??= create());

/** For the webhook sender: count each delivery attempt with its outcome (e.g. succeeded, failed, retrying). */
export const webhookDeliveries = metrics.webhookDeliveries;

export async function metricsText(): Promise<{ body: string; contentType: string }> {
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}

/** The pattern of a route (`/api/rooms/[roomId]/messages`) from its URL and params, so labels stay few. */
export function routePattern(pathname: string, params: Record<string, unknown> | undefined): string {
  if (!params) return pathname;
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "string") byValue.set(encodeURIComponent(value), `[${name}]`);
  }
  return pathname
    .split("/")
    .map((segment) => byValue.get(segment) ?? segment)
    .join("/");
}
