import "server-only";

/**
 * What a server process does once at start: validate configuration (an invalid one stops the process with
 * one clear line, before the first request), then start what runs beside requests.
 */
export async function startServerProcess(): Promise<void> {
  try {
    const { assertServable, env } = await import("@/lib/platform/env");
    assertServable(env);
  } catch (err) {
    console.error(`parley: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
  const [
    { installShutdownHandlers },
    { startHeartbeat },
    { scheduleRetention },
    { startWebhookSender },
    { installNodeServer },
    { startHostedAgents },
  ] = await Promise.all([
    import("@/lib/platform/shutdown"),
    import("@/lib/ops/heartbeat"),
    import("@/lib/ops/retention"),
    import("@/lib/review/webhooks"),
    import("@/lib/server/node-server"),
    import("@/lib/agents/hosted/supervisor"),
  ]);
  installShutdownHandlers();
  // Used only where the self-hosted server loads scripts/node-server.cjs before Next.
  installNodeServer();
  startHeartbeat();
  scheduleRetention();
  // Every process sends due webhook deliveries (claims are exclusive across processes).
  startWebhookSender();
  // Every process offers to run hosted agents' loops (each runs on one process at a time).
  startHostedAgents();
}
