// Runs once when a server process starts: validate configuration before the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./lib/env");
}
