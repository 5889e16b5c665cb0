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
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (!closed && (controller.desiredSize ?? 1) > 0) controller.enqueue(encoder.encode(text));
      };
      const unsubscribes = await Promise.all(
        rooms.map(({ roomId }) =>
          subscribe(roomId, (event) => {
            if (event.type === "message") send(`event: activity\ndata: ${JSON.stringify({ roomId, seq: event.message.seq })}\n\n`);
          }),
        ),
      );
      const keepAlive = setInterval(() => send(": keep-alive\n\n"), env.SSE_KEEPALIVE_SECONDS * 1000);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(keepAlive);
        for (const unsubscribe of unsubscribes) unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", cleanup);
      send(`retry: 2000\nevent: ready\ndata: {}\n\n`);
    },
    cancel: () => cleanup(),
  });
  return new Response(body, { headers: sseHeaders });
}
