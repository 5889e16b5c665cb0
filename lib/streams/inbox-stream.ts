import "server-only";
import { db } from "@/lib/platform/db";
import { subscribe } from "@/lib/realtime/bus";
import { type SseWriter, sseStream } from "@/lib/streams/sse";

/**
 * Activity across all of a person's rooms, for the rooms list: one `activity` event `{ roomId, seq }` per
 * new message. It carries no content: the list re-reads itself, with the access checks of its own route.
 */
export async function inboxStream({ userId, signal }: { userId: string; signal: AbortSignal }) {
  const roomIds = await activityRooms(userId);
  return sseStream({
    kind: "inbox",
    signal,
    async start(sse) {
      await followActivity(sse, roomIds);
      sse.send(`retry: 2000\nevent: ready\ndata: {}\n\n`);
    },
  });
}

/** The rooms whose activity a person follows: the ones they are in now (read before the stream starts). */
export async function activityRooms(userId: string): Promise<string[]> {
  const rooms = await db.participant.findMany({ where: { userId, leftAt: null }, select: { roomId: true } });
  return rooms.map((r) => r.roomId);
}

/** Writes an `activity` event to `sse` for each new message in `roomIds`. */
export async function followActivity(sse: SseWriter, roomIds: string[]): Promise<void> {
  for (const roomId of roomIds) {
    const unsubscribe = await subscribe(roomId, (event) => {
      if (event.type === "message")
        sse.send(`event: activity\ndata: ${JSON.stringify({ roomId, seq: event.message.seq })}\n\n`);
    });
    sse.onClose(unsubscribe);
  }
}
