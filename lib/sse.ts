import "server-only";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { shutdownSignal } from "@/lib/shutdown";

/** What every Server-Sent Events stream of Parley shares: headers, keep-alive, shutdown, one way to end. */

export const sseHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

const encoder = new TextEncoder();

export type SseWriter = {
  /** Writes a frame; a reader whose queue is full is disconnected instead (it resumes from its last id). */
  send(frame: string): void;
  /** Frames the queue can take before it is full. */
  readonly room: number;
  readonly closed: boolean;
  /** Runs `cleanup` when the stream ends, however it ends (at once if it has ended already). */
  onClose(cleanup: () => void): void;
  close(): void;
};

/**
 * A stream whose `start` writes through an SseWriter. The client going away, `cancel`, a full queue,
 * server shutdown (a `reconnect` event first) and a failure in `start` all end it the same way, once,
 * running every cleanup registered so far or later.
 */
export function sseStream({
  kind,
  signal,
  start,
}: {
  kind: "room" | "admin" | "inbox" | "page";
  signal: AbortSignal;
  start: (sse: SseWriter) => Promise<void>;
}): ReadableStream<Uint8Array> {
  let sse: SseWriter | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        const cleanups: (() => void)[] = [];
        let closed = false;
        const writer: SseWriter = {
          get closed() {
            return closed;
          },
          get room() {
            return controller.desiredSize ?? 0;
          },
          send(frame) {
            if (closed) return;
            if ((controller.desiredSize ?? 1) <= 0) return writer.close();
            controller.enqueue(encoder.encode(frame));
          },
          onClose(cleanup) {
            if (closed) cleanup();
            else cleanups.push(cleanup);
          },
          close() {
            if (closed) return;
            closed = true;
            for (const cleanup of cleanups.splice(0).reverse()) cleanup();
            try {
              controller.close();
            } catch {
              // already closed by the client
            }
          },
        };
        sse = writer;

        metrics.sseConnections.inc({ kind });
        writer.onClose(() => metrics.sseConnections.dec({ kind }));
        const keepAlive = setInterval(() => writer.send(": keep-alive\n\n"), env.SSE_KEEPALIVE_SECONDS * 1000);
        writer.onClose(() => clearInterval(keepAlive));
        // On shutdown: say so, and close; the client reconnects (to another instance) from its last id.
        const onShutdown = () => {
          writer.send(`event: reconnect\ndata: ${JSON.stringify({ reason: "shutdown" })}\n\n`);
          writer.close();
        };
        shutdownSignal.addEventListener("abort", onShutdown);
        writer.onClose(() => shutdownSignal.removeEventListener("abort", onShutdown));
        signal.addEventListener("abort", writer.close);
        if (shutdownSignal.aborted) return onShutdown();
        if (signal.aborted) return writer.close();

        try {
          await start(writer);
        } catch (err) {
          log.error("stream failed", { kind, error: err instanceof Error ? err.message : String(err) });
          writer.close();
        }
      },
      cancel() {
        sse?.close();
      },
    },
    new CountQueuingStrategy({ highWaterMark: env.SSE_MAX_QUEUE }),
  );
}
