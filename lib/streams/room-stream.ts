import "server-only";
import { env } from "@/lib/platform/env";
import { metrics } from "@/lib/platform/metrics";
import type { RoomEvent } from "@/lib/platform/schemas";
import { deliveredSeq, subscribe } from "@/lib/realtime/bus";
import { historyAfter, type SequencedEvent, seqOf } from "@/lib/realtime/history";
import { trackPerson } from "@/lib/realtime/presence";
import { type Membership, roomInputMode } from "@/lib/rooms/rooms";
import type { SseWriter } from "@/lib/streams/sse";

// Half the queue, so a page always fits while the reader keeps up (a history page of n messages and n
// changes can be 2n events).
const REPLAY_PAGE = Math.max(1, Math.min(500, Math.floor(env.SSE_MAX_QUEUE / 2)));
const REPLAY_READ = Math.max(1, Math.floor(REPLAY_PAGE / 2));
const REPLAY_STALL_MS = 30_000;

// A live event reaches every stream of its room as the same object: serialise it once for all of them.
const frames = new WeakMap<RoomEvent, string>();

function frame(event: RoomEvent): string {
  let text = frames.get(event);
  if (text === undefined) {
    const data = JSON.stringify(event);
    text = isSequenced(event)
      ? `id: ${seqOf(event)}\nevent: ${event.type}\ndata: ${data}\n\n`
      : `event: ${event.type}\ndata: ${data}\n\n`;
    frames.set(event, text);
  }
  return text;
}

const isSequenced = (event: RoomEvent): event is SequencedEvent =>
  event.type === "message" || event.type === "message_changed";

/**
 * Writes a room's live events to `sse` (a room's own stream, or a page's stream that carries the room among
 * others): subscribe first, replay the history the client missed from the database (messages and message
 * changes), then go live, dropping live history the replay already sent. Every message and every change is
 * written once, in seq order. A client that cannot keep up (queue full) is disconnected; it resumes from
 * its Last-Event-ID.
 */
export async function followRoom(
  sse: SseWriter,
  { membership, after }: { membership: Membership; after: number },
): Promise<void> {
  const { roomId } = membership;
  const participantId = membership.participant.id; // what the live closures keep of the membership
  let lastSeq = after;
  let buffer: RoomEvent[] | null = []; // live events that arrive while replaying

  const write = (event: RoomEvent, live = false) => {
    if (isSequenced(event)) {
      const seq = seqOf(event);
      if (seq <= lastSeq) return;
      lastSeq = seq;
    }
    sse.send(frame(event));
    if (live && event.type === "message") {
      metrics.deliveryLatency.observe(Math.max(0, Date.now() - Date.parse(event.message.createdAt)) / 1000);
    }
    // Access ends with membership: the stream of someone who left (or was removed) closes.
    if (event.type === "participants" && event.left?.includes(participantId)) sse.close();
  };

  // Replay goes at the reader's pace: a client that is far behind waits for room in its queue
  // rather than being cut off; one that reads nothing for REPLAY_STALL_MS is.
  const roomInQueue = async () => {
    const started = Date.now();
    while (!sse.closed && sse.room < REPLAY_PAGE) {
      if (Date.now() - started > REPLAY_STALL_MS) return sse.close();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  sse.onClose(await subscribe(roomId, (event) => (buffer ? buffer.push(event) : write(event, true))));
  // A room stream is always a person's (memberRoute, requireMembership): online in all their rooms.
  const userId = membership.participant.userId;
  if (userId) sse.onClose(trackPerson(userId));
  if (sse.closed) return;

  sse.send("retry: 1000\n\n");
  write({ type: "participants", mode: await roomInputMode(roomId) });
  // A client that has read everything delivered so far (a fresh room, a reconnect that missed nothing)
  // hears the rest live: no history to read.
  const delivered = deliveredSeq(roomId);
  const upToDate = delivered !== undefined && after >= delivered;
  while (!upToDate) {
    await roomInQueue();
    if (sse.closed) return;
    const page = await historyAfter({ roomId, after: lastSeq, limit: REPLAY_READ });
    for (const event of page) write(event);
    // Fewer than a read's limit: neither list was cut, this was the end.
    if (page.length < REPLAY_READ) break;
  }
  const live = buffer;
  buffer = null;
  for (const event of live) write(event, true);
  sse.send(`event: ready\ndata: ${JSON.stringify({ lastSeq })}\n\n`);
}
