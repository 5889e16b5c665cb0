import "server-only";
import { env } from "@/lib/env";
import { subscribe } from "@/lib/events";
import { log } from "@/lib/log";
import { listMessages } from "@/lib/messages";
import { metrics } from "@/lib/metrics";
import { trackStream } from "@/lib/presence";
import { inputModeOf, listParticipants, type Membership } from "@/lib/rooms";
import type { RoomEvent } from "@/lib/schemas";
import { shutdownSignal } from "@/lib/shutdown";

const encoder = new TextEncoder();
// Half the queue, so a page always fits while the reader keeps up.
const REPLAY_PAGE = Math.max(1, Math.min(500, Math.floor(env.SSE_MAX_QUEUE / 2)));
const REPLAY_STALL_MS = 30_000;

// A live event reaches every stream of its room as the same object: serialise it once for all of them.
const frames = new WeakMap<RoomEvent, string>();

function frame(event: RoomEvent): string {
  let text = frames.get(event);
  if (text === undefined) {
    const data = JSON.stringify(event);
    text = event.type === "message" ? `id: ${event.message.seq}\nevent: message\ndata: ${data}\n\n` : `event: ${event.type}\ndata: ${data}\n\n`;
    frames.set(event, text);
  }
  return text;
}

/**
 * A room's live stream: subscribe first, replay what the client missed from the database, then go live,
 * dropping live messages the replay already sent. Every message is written once, in seq order.
 * A client that cannot keep up (queue full) is disconnected; it resumes from its Last-Event-ID.
 */
export function roomEventStream({ membership, after, signal }: { membership: Membership; after: number; signal: AbortSignal }) {
  const { roomId } = membership;
  let cleanup = () => {};

  return new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        let closed = false;
        let lastSeq = after;
        let buffer: RoomEvent[] | null = []; // live events that arrive while replaying

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
        const write = (event: RoomEvent, live = false) => {
          if (closed) return;
          if (event.type === "message") {
            if (event.message.seq <= lastSeq) return;
            lastSeq = event.message.seq;
          }
          if ((controller.desiredSize ?? 1) <= 0) return close();
          controller.enqueue(encoder.encode(frame(event)));
          if (live && event.type === "message") {
            metrics.deliveryLatency.observe(Math.max(0, Date.now() - Date.parse(event.message.createdAt)) / 1000);
          }
          // Access ends with membership: the stream of someone who left (or was removed) closes.
          if (event.type === "participants" && event.left?.includes(membership.participant.id)) close();
        };

        // Replay goes at the reader's pace: a client that is far behind waits for room in its queue
        // rather than being cut off; one that reads nothing for REPLAY_STALL_MS is.
        const roomInQueue = async () => {
          const started = Date.now();
          while (!closed && (controller.desiredSize ?? REPLAY_PAGE) < REPLAY_PAGE) {
            if (Date.now() - started > REPLAY_STALL_MS) return close();
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
        };

        const unsubscribe = await subscribe(roomId, (event) => (buffer ? buffer.push(event) : write(event, true)));
        const untrack = trackStream(roomId, membership.participant.id);
        metrics.sseConnections.inc({ kind: "room" });
        const keepAlive = setInterval(() => {
          if (!closed) controller.enqueue(encoder.encode(": keep-alive\n\n"));
        }, env.SSE_KEEPALIVE_SECONDS * 1000);
        // On shutdown: say so, and close; the client reconnects (to another instance) from its last id.
        const onShutdown = () => {
          if (closed) return;
          controller.enqueue(encoder.encode(`event: reconnect\ndata: ${JSON.stringify({ reason: "shutdown" })}\n\n`));
          close();
        };
        let cleaned = false;
        cleanup = () => {
          if (cleaned) return;
          cleaned = true;
          clearInterval(keepAlive);
          unsubscribe();
          untrack();
          shutdownSignal.removeEventListener("abort", onShutdown);
          metrics.sseConnections.dec({ kind: "room" });
        };
        signal.addEventListener("abort", close);
        // The client may have gone while this stream was subscribing: the abort event is past, look.
        if (signal.aborted) close();
        shutdownSignal.addEventListener("abort", onShutdown);
        if (shutdownSignal.aborted) onShutdown();
        if (closed) return;

        try {
          controller.enqueue(encoder.encode(`retry: 1000\n\n`));
          const participants = await listParticipants(roomId);
          write({ type: "participants", mode: inputModeOf(participants) });
          for (;;) {
            await roomInQueue();
            if (closed) break;
            const page = await listMessages({ roomId, after: lastSeq, limit: REPLAY_PAGE });
            for (const message of page) write({ type: "message", message });
            if (page.length < REPLAY_PAGE || closed) break;
          }
          const live = buffer;
          buffer = null;
          for (const event of live) write(event, true);
          if (!closed) controller.enqueue(encoder.encode(`event: ready\ndata: ${JSON.stringify({ lastSeq })}\n\n`));
        } catch (err) {
          log.error("stream replay failed", { roomId, error: err instanceof Error ? err.message : String(err) });
          close();
        }
      },
      cancel() {
        cleanup();
      },
    },
    new CountQueuingStrategy({ highWaterMark: env.SSE_MAX_QUEUE }),
  );
}

export const sseHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};
