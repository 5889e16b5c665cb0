// Runs once when a server process starts: validate configuration before the first request, then start
// what runs beside requests (the heartbeat) and the graceful shutdown on SIGTERM.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./lib/env");
  const [{ installShutdownHandlers }, { startHeartbeat }] = await Promise.all([import("./lib/shutdown"), import("./lib/heartbeat")]);
  installShutdownHandlers();
  startHeartbeat();
}
