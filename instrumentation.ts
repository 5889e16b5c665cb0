// Runs once when a server process starts: validate configuration before the first request, then start
// what runs beside requests (heartbeat, retention) and the graceful shutdown on SIGTERM.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./lib/env");
  const [{ installShutdownHandlers }, { startHeartbeat }, { scheduleRetention }] = await Promise.all([
    import("./lib/shutdown"),
    import("./lib/heartbeat"),
    import("./lib/retention"),
  ]);
  installShutdownHandlers();
  startHeartbeat();
  scheduleRetention();
}
