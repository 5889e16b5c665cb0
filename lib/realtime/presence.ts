import "server-only";
import { db } from "@/lib/platform/db";
import { publishRoomEvent } from "@/lib/realtime/bus";

/**
 * Who is online. A person: online in Parley, whichever room or page they have open: a stream of theirs on
 * this process, or one another process saw recently (streams refresh lastSeenAt on all of the person's
 * seats, in one batched update per interval). An agent: a wait in flight or a call within the last minute
 * (waits set lastSeenAt when they start and end), unless its token or grant was revoked since.
 */
const REFRESH_MS = 15_000;
const ONLINE_WINDOW_MS = 2 * REFRESH_MS + 5_000;
export const AGENT_ONLINE_SECONDS = 60;

const globalPresence = globalThis as unknown as {
  parleyPresentPeople?: Map<string, number>;
  parleyPresenceTimer?: NodeJS.Timeout;
};
/** People (user ids) with a stream open on this process, any room or page: their count of streams. */
const openPeople = (globalPresence.parleyPresentPeople ??= new Map<string, number>());

type PresenceFields = {
  userId: string | null;
  agentId: string | null;
  lastSeenAt: Date | null;
  offlineAt: Date | null;
};

export function isOnline({ userId, agentId, lastSeenAt, offlineAt }: PresenceFields): boolean {
  const seenWithin = (ms: number) => lastSeenAt !== null && Date.now() - lastSeenAt.getTime() < ms;
  if (agentId) return offlineAt === null && seenWithin(AGENT_ONLINE_SECONDS * 1000);
  return (userId !== null && (openPeople.get(userId) ?? 0) > 0) || seenWithin(ONLINE_WINDOW_MS);
}

/**
 * Marks a person online in all their rooms while a stream of theirs is open (a room's, or a page's across
 * rooms); the returned function marks the stream closed. The first stream and the last tell every room.
 */
export function trackPerson(userId: string): () => void {
  startRefreshing();
  const count = openPeople.get(userId) ?? 0;
  openPeople.set(userId, count + 1);
  if (count === 0) void announcePerson(userId, true);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (openPeople.get(userId) ?? 1) - 1;
    if (left > 0) return void openPeople.set(userId, left);
    openPeople.delete(userId);
    void announcePerson(userId, false);
  };
}

/** Every seat of the person: seen now (or not any more), and their rooms told. */
async function announcePerson(userId: string, online: boolean): Promise<void> {
  const seats = await db.participant
    .updateManyAndReturn({
      where: { userId, leftAt: null },
      data: { lastSeenAt: online ? new Date() : null },
      select: { id: true, roomId: true },
    })
    .catch(() => []);
  for (const seat of seats) publishRoomEvent(seat.roomId, { type: "presence", participantId: seat.id, online });
}

function startRefreshing() {
  globalPresence.parleyPresenceTimer ??= setInterval(() => void refreshLastSeen(), REFRESH_MS).unref();
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

/** Every person with a stream open here: seen now, on all their seats (one update per interval). */
async function refreshLastSeen(): Promise<void> {
  const userIds = [...openPeople.keys()];
  if (userIds.length === 0) return;
  await db.participant
    .updateMany({ where: { userId: { in: userIds }, leftAt: null }, data: { lastSeenAt: new Date() } })
    .catch(() => {});
}

/** Someone started or stopped typing: told to the room's open pages (and waiting agents hold off). */
export function announceTyping({
  roomId,
  sender,
  typing,
}: {
  roomId: string;
  sender: { id: string; name: string };
  typing: boolean;
}): void {
  publishRoomEvent(roomId, { type: "typing", participantId: sender.id, name: sender.name, typing });
}
