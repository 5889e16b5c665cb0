import "server-only";
import { db } from "@/lib/platform/db";
import { publishRoomEvent } from "@/lib/realtime/bus";

/**
 * Who is online. A person: an open stream on this process, or one another process saw recently (streams
 * refresh Participant.lastSeenAt in one batched update per interval). An agent: a wait in flight or a call
 * within the last minute (waits set lastSeenAt when they start and end), unless its token or grant was
 * revoked since.
 */
const REFRESH_MS = 15_000;
const ONLINE_WINDOW_MS = 2 * REFRESH_MS + 5_000;
export const AGENT_ONLINE_SECONDS = 60;

const globalPresence = globalThis as unknown as { parleyPresence?: Map<string, number>; parleyPresenceTimer?: NodeJS.Timeout };
const openStreams = (globalPresence.parleyPresence ??= new Map<string, number>());

type PresenceFields = { id: string; agentId: string | null; lastSeenAt: Date | null; offlineAt: Date | null };

export function isOnline({ id, agentId, lastSeenAt, offlineAt }: PresenceFields): boolean {
  const seenWithin = (ms: number) => lastSeenAt !== null && Date.now() - lastSeenAt.getTime() < ms;
  if (agentId) return offlineAt === null && seenWithin(AGENT_ONLINE_SECONDS * 1000);
  return (openStreams.get(id) ?? 0) > 0 || seenWithin(ONLINE_WINDOW_MS);
}

/**
 * The agent's token or grant was revoked: it shows offline in all its rooms at once, and a wait it has in
 * flight can no longer claim anything.
 */
export async function takeAgentOffline(agentId: string): Promise<void> {
  const seats = await db.participant.updateManyAndReturn({
    where: { agentId, leftAt: null },
    data: { offlineAt: new Date(), waitGeneration: { increment: 1 } },
    select: { id: true, roomId: true },
  });
  for (const seat of seats) publishRoomEvent(seat.roomId, { type: "presence", participantId: seat.id, online: false });
}

/** Marks a participant online while a stream is open; the returned function marks the stream closed. */
export function trackStream(roomId: string, participantId: string): () => void {
  globalPresence.parleyPresenceTimer ??= setInterval(() => void refreshLastSeen(), REFRESH_MS).unref();
  const count = openStreams.get(participantId) ?? 0;
  openStreams.set(participantId, count + 1);
  if (count === 0) {
    void touch([participantId], new Date());
    publishRoomEvent(roomId, { type: "presence", participantId, online: true });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (openStreams.get(participantId) ?? 1) - 1;
    if (left > 0) {
      openStreams.set(participantId, left);
      return;
    }
    openStreams.delete(participantId);
    void touch([participantId], null);
    publishRoomEvent(roomId, { type: "presence", participantId, online: false });
  };
}

function refreshLastSeen(): Promise<void> {
  return touch([...openStreams.keys()], new Date());
}

async function touch(ids: string[], at: Date | null): Promise<void> {
  if (ids.length === 0) return;
  await db.participant.updateMany({ where: { id: { in: ids } }, data: { lastSeenAt: at } }).catch(() => {});
}

/** Someone started or stopped typing: told to the room's open pages (and waiting agents hold off). */
export function announceTyping({ roomId, sender, typing }: { roomId: string; sender: { id: string; name: string }; typing: boolean }): void {
  publishRoomEvent(roomId, { type: "typing", participantId: sender.id, name: sender.name, typing });
}
