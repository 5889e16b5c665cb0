// Runs once when a server process starts: validate configuration before the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./lib/env");
  // Every process sends due webhook deliveries (claims are exclusive across processes).
  const { startWebhookSender } = await import("./lib/webhooks");
  startWebhookSender();
}
