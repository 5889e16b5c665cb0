// Runs once when a server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    // Invalid configuration stops the server here, before the first request, with one clear line.
    await import("./lib/env");
  } catch (err) {
    console.error(`parley: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
  // Every process sends due webhook deliveries (claims are exclusive across processes).
  const { startWebhookSender } = await import("./lib/webhooks");
  startWebhookSender();
}
