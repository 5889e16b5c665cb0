import "server-only";
import { env } from "@/lib/env";
import { subscribe } from "@/lib/events";
import { listMessages } from "@/lib/messages";
import { trackStream } from "@/lib/presence";
import { inputModeOf, listParticipants, type Membership } from "@/lib/rooms";
import type { RoomEvent } from "@/lib/schemas";

const encoder = new TextEncoder();
const REPLAY_PAGE = 500;

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
        const write = (event: RoomEvent) => {
          if (closed) return;
          if (event.type === "message") {
            if (event.message.seq <= lastSeq) return;
            lastSeq = event.message.seq;
          }
          if ((controller.desiredSize ?? 1) <= 0) return close();
          controller.enqueue(encoder.encode(frame(event)));
        };

        const unsubscribe = await subscribe(roomId, (event) => (buffer ? buffer.push(event) : write(event)));
        const untrack = trackStream(roomId, membership.participant.id);
        const keepAlive = setInterval(() => {
          if (!closed) controller.enqueue(encoder.encode(": keep-alive\n\n"));
        }, env.SSE_KEEPALIVE_SECONDS * 1000);
        cleanup = () => {
          clearInterval(keepAlive);
          unsubscribe();
          untrack();
        };
        signal.addEventListener("abort", close);

        try {
          controller.enqueue(encoder.encode(`retry: 1000\n\n`));
          const participants = await listParticipants(roomId);
          write({ type: "participants", mode: inputModeOf(participants) });
          for (;;) {
            const page = await listMessages({ roomId, after: lastSeq, limit: REPLAY_PAGE });
            for (const message of page) write({ type: "message", message });
            if (page.length < REPLAY_PAGE || closed) break;
          }
          const live = buffer;
          buffer = null;
          for (const event of live) write(event);
          controller.enqueue(encoder.encode(`event: ready\ndata: ${JSON.stringify({ lastSeq })}\n\n`));
        } catch (err) {
          console.error(JSON.stringify({ level: "error", msg: "stream replay failed", roomId, error: String(err) }));
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
