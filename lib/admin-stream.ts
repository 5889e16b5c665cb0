import "server-only";
import { env } from "@/lib/env";
import { subscribeSystem } from "@/lib/heartbeat";
import { metrics } from "@/lib/metrics";
import type { SystemEvent } from "@/lib/schemas";
import { shutdownSignal } from "@/lib/shutdown";

const encoder = new TextEncoder();

/** The admin stream: system events (the heartbeat) as SSE, the last heartbeat first. */
export function adminEventStream({ signal }: { signal: AbortSignal }) {
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (event: SystemEvent) => {
        if (closed) return;
        const data = event.type === "heartbeat" ? event.heartbeat : { reason: event.reason };
        controller.enqueue(encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const onShutdown = () => {
        send({ type: "reconnect", reason: "shutdown" });
        close();
      };
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      metrics.sseConnections.inc({ kind: "admin" });
      const keepAlive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(": keep-alive\n\n"));
      }, env.SSE_KEEPALIVE_SECONDS * 1000);
      let unsubscribe = () => {};
      let cleaned = false;
      cleanup = () => {
        if (cleaned) return;
        cleaned = true;
        clearInterval(keepAlive);
        unsubscribe();
        shutdownSignal.removeEventListener("abort", onShutdown);
        metrics.sseConnections.dec({ kind: "admin" });
      };
      signal.addEventListener("abort", close);
      shutdownSignal.addEventListener("abort", onShutdown);
      if (shutdownSignal.aborted) return onShutdown();
      unsubscribe = await subscribeSystem(send);
      if (closed) unsubscribe();
    },
    cancel() {
      cleanup();
    },
  });
}
