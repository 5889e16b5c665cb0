import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { subscribe } from "@/lib/events";
import { sseHeaders } from "@/lib/room-stream";

const encoder = new TextEncoder();

/**
 * Activity across all of a person's rooms, for the rooms list: one `activity` event `{ roomId, seq }` per
 * new message. It carries no content: the list re-reads itself, with the access checks of its own route.
 */
export async function inboxStream({ userId, signal }: { userId: string; signal: AbortSignal }): Promise<Response> {
  const rooms = await db.participant.findMany({ where: { userId, leftAt: null }, select: { roomId: true } });
  let closed = false;
  const unsubscribes: (() => void)[] = [];
  let keepAlive: NodeJS.Timeout | undefined;
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;

  // One way to end, whoever ends it first (the client going away, or the stream being cancelled), and
  // safe to call while subscriptions are still being made.
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    try {
      controller?.close();
    } catch {
      // already closed by the client
    }
  };
  const send = (text: string) => {
    if (!closed && controller && (controller.desiredSize ?? 1) > 0) controller.enqueue(encoder.encode(text));
  };
  signal.addEventListener("abort", close);

  const body = new ReadableStream<Uint8Array>({
    async start(c) {
      controller = c;
      for (const { roomId } of rooms) {
        const unsubscribe = await subscribe(roomId, (event) => {
          if (event.type === "message") send(`event: activity\ndata: ${JSON.stringify({ roomId, seq: event.message.seq })}\n\n`);
        });
        if (closed) return unsubscribe();
        unsubscribes.push(unsubscribe);
      }
      keepAlive = setInterval(() => send(": keep-alive\n\n"), env.SSE_KEEPALIVE_SECONDS * 1000);
      send(`retry: 2000\nevent: ready\ndata: {}\n\n`);
    },
    cancel: close,
  });
  return new Response(body, { headers: sseHeaders });
}
