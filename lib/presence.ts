import "server-only";
import { db } from "@/lib/db";
import { publishRoomEvent } from "@/lib/events";

/**
 * Who is online: a participant with an open stream on this process, or one another process saw recently
 * (streams refresh Participant.lastSeenAt in one batched update per interval).
 */
const REFRESH_MS = 15_000;
const ONLINE_WINDOW_MS = 2 * REFRESH_MS + 5_000;

const globalPresence = globalThis as unknown as { parleyPresence?: Map<string, number>; parleyPresenceTimer?: NodeJS.Timeout };
const openStreams = (globalPresence.parleyPresence ??= new Map<string, number>());

export function isOnline(participantId: string, lastSeenAt: Date | null): boolean {
  return (openStreams.get(participantId) ?? 0) > 0 || (lastSeenAt !== null && Date.now() - lastSeenAt.getTime() < ONLINE_WINDOW_MS);
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
