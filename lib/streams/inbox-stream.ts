import "server-only";
import { db } from "@/lib/platform/db";
import { subscribe } from "@/lib/realtime/bus";
import { trackPerson } from "@/lib/realtime/presence";
import { type SseWriter, sseStream } from "@/lib/streams/sse";

/**
 * Activity across all of a person's rooms, for the rooms list: one `activity` event
 * `{ roomId, seq, mentionsYou, muted }` per new message. It carries no content: the list re-reads itself,
 * with the access checks of its own route. A person following it is online in all their rooms.
 */
export async function inboxStream({ userId, signal }: { userId: string; signal: AbortSignal }) {
  const seats = await activityRooms(userId);
  return sseStream({
    kind: "inbox",
    signal,
    async start(sse) {
      await followActivity(sse, { userId, seats });
      sse.send(`retry: 2000\nevent: ready\ndata: {}\n\n`);
    },
  });
}

export type ActivitySeat = { roomId: string; id: string; mutedAt: Date | null };

/** The seats whose activity a person follows: the rooms they are in now (read before the stream starts). */
export function activityRooms(userId: string): Promise<ActivitySeat[]> {
  return db.participant.findMany({ where: { userId, leftAt: null }, select: { roomId: true, id: true, mutedAt: true } });
}

/**
 * Writes an `activity` event to `sse` for each new message in the person's rooms, saying whether it
 * mentions them and whether the room is muted for them (as it was when the stream started).
 */
export async function followActivity(sse: SseWriter, { userId, seats }: { userId: string; seats: ActivitySeat[] }): Promise<void> {
  sse.onClose(trackPerson(userId));
  for (const { roomId, id, mutedAt } of seats) {
    const unsubscribe = await subscribe(roomId, (event) => {
      if (event.type !== "message") return;
      const data = { roomId, seq: event.message.seq, mentionsYou: event.message.mentions.includes(id), muted: mutedAt !== null };
      sse.send(`event: activity\ndata: ${JSON.stringify(data)}\n\n`);
    });
    sse.onClose(unsubscribe);
  }
}
