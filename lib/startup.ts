import "server-only";

/**
 * What a server process does once at start: validate configuration (an invalid one stops the process with
 * one clear line, before the first request), then start what runs beside requests.
 */
export async function startServerProcess(): Promise<void> {
  try {
    await import("@/lib/env");
  } catch (err) {
    console.error(`parley: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
  const [{ installShutdownHandlers }, { startHeartbeat }, { scheduleRetention }, { startWebhookSender }, { installStreamServer }] = await Promise.all([
    import("@/lib/shutdown"),
    import("@/lib/heartbeat"),
    import("@/lib/retention"),
    import("@/lib/webhooks"),
    import("@/lib/stream-server"),
  ]);
  installShutdownHandlers();
  // Used only where the self-hosted server loads scripts/stream-server.cjs before Next.
  installStreamServer();
  startHeartbeat();
  scheduleRetention();
  // Every process sends due webhook deliveries (claims are exclusive across processes).
  startWebhookSender();
}
