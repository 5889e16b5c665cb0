import "server-only";
import type { RoomEvent } from "@/lib/platform/schemas";
import { catchUpAllChannels, channels, joinChannel, type RoomListener } from "@/lib/realtime/channels";
import { countEvent } from "@/lib/realtime/event-counter";
import { type SequencedEvent, seqOf } from "@/lib/realtime/history";
import { hearing, instanceId, type Notice, startTransport, type Transport } from "@/lib/realtime/transport";

/**
 * The event bus: what the rest of Parley publishes to and subscribes on. Local subscribers hear a room
 * through its channel (lib/realtime/channels); other processes hear of it through the transport
 * (lib/realtime/transport); every event is counted for the heartbeat (lib/realtime/event-counter).
 */

export type { RoomListener };

const globalTransport = globalThis as unknown as { parleyTransport?: Transport };

function transport(): Transport {
  globalTransport.parleyTransport ??= startTransport({ onNotice, onMissed: catchUpAllChannels });
  return globalTransport.parleyTransport;
}

function onNotice(notice: Notice): void {
  countEvent();
  if (notice.e) for (const hook of roomEventHooks) hook(notice.r, notice.e);
  const channel = channels.get(notice.r);
  if (!channel) return;
  if (notice.s !== undefined) channel.advanceTo(notice.s);
  if (notice.e) channel.emit(notice.e);
}

/**
 * Subscribes to a room's live events. Resolves once the channel knows the room's lastSeq, so that any
 * message committed afterwards reaches the listener; earlier ones are the caller's to read from the database.
 */
export async function subscribe(roomId: string, listener: RoomListener): Promise<() => void> {
  transport();
  const { channel, leave } = joinChannel(roomId, listener);
  await channel.ready();
  return leave;
}

/**
 * The seq up to which this process has delivered the room's history to its subscribers; undefined while it
 * has none. A new subscriber hears everything after it live, so it needs no replay if it has read that far.
 */
export function deliveredSeq(roomId: string): number | undefined {
  return channels.get(roomId)?.lastSeq;
}

/** Called by lib/rooms/messages after a message or a message change commits. */
export function publishSequenced(roomId: string, event: SequencedEvent): void {
  countEvent();
  channels.get(roomId)?.deliver(event);
  transport().notify({ i: instanceId, r: roomId, s: seqOf(event) });
}

/** Events that are not history (participants, typing, presence): delivered as they come, no seq. */
export function publishRoomEvent(roomId: string, event: RoomEvent): void {
  countEvent();
  for (const hook of roomEventHooks) hook(roomId, event);
  channels.get(roomId)?.emit(event);
  transport().notify({ i: instanceId, r: roomId, e: event });
}

type RoomEventHook = (roomId: string, event: RoomEvent) => void;
const globalHooks = globalThis as unknown as { parleyRoomEventHooks?: Set<RoomEventHook> };
const roomEventHooks = (globalHooks.parleyRoomEventHooks ??= new Set());

/** Calls `hook` with every non-history event of any room, published here or heard from another instance. */
export function onRoomEvent(hook: RoomEventHook): void {
  roomEventHooks.add(hook);
}

/** Whether events of other instances reach this process now (starting the transport if need be). */
export function busHearsOthers(): { listening: boolean; generation: number } {
  transport();
  return { ...hearing };
}
