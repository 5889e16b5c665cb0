import "server-only";
import { db } from "@/lib/db";
import { subscribe } from "@/lib/events";
import { sseStream } from "@/lib/sse";

/**
 * Activity across all of a person's rooms, for the rooms list: one `activity` event `{ roomId, seq }` per
 * new message. It carries no content: the list re-reads itself, with the access checks of its own route.
 */
export async function inboxStream({ userId, signal }: { userId: string; signal: AbortSignal }) {
  const rooms = await db.participant.findMany({ where: { userId, leftAt: null }, select: { roomId: true } });
  return sseStream({
    kind: "inbox",
    signal,
    async start(sse) {
      for (const { roomId } of rooms) {
        const unsubscribe = await subscribe(roomId, (event) => {
          if (event.type === "message") sse.send(`event: activity\ndata: ${JSON.stringify({ roomId, seq: event.message.seq })}\n\n`);
        });
        sse.onClose(unsubscribe);
      }
      sse.send(`retry: 2000\nevent: ready\ndata: {}\n\n`);
    },
  });
}
