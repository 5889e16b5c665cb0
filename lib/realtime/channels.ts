import "server-only";
import { db } from "@/lib/platform/db";
import { log } from "@/lib/platform/log";
import type { RoomEvent } from "@/lib/platform/schemas";
import { historyAfter, type SequencedEvent, seqOf } from "@/lib/realtime/history";

/**
 * Room channels: this process keeps one per room that has local subscribers. A channel emits a room's
 * history (messages and message changes, lib/realtime/history) in seq order, exactly once, filling any gap
 * from the database.
 */

export type RoomListener = (event: RoomEvent) => void;

export class RoomChannel {
  lastSeq = 0;
  readonly listeners = new Set<RoomListener>();
  // Every change of lastSeq runs on this chain, so deliveries are serial and ordered.
  private chain: Promise<void>;

  constructor(readonly roomId: string) {
    this.chain = this.run(async () => {
      const room = await db.room.findUnique({ where: { id: roomId }, select: { lastSeq: true } });
      this.lastSeq = room?.lastSeq ?? 0;
    });
  }

  ready(): Promise<void> {
    return this.chain;
  }

  /** History this process committed: emit it now, or fill the gap before it first. */
  deliver(event: SequencedEvent): void {
    this.chain = this.run(async () => {
      const seq = seqOf(event);
      if (seq <= this.lastSeq) return;
      if (seq > this.lastSeq + 1) await this.catchUp(seq - 1);
      this.emitSequenced(event);
    });
  }

  /** Another process committed up to `seq`: load what this process has not emitted yet. */
  advanceTo(seq: number): void {
    this.chain = this.run(() => this.catchUp(seq));
  }

  emit(event: RoomEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private emitSequenced(event: SequencedEvent): void {
    this.lastSeq = seqOf(event);
    this.emit(event);
  }

  private async catchUp(toSeq: number): Promise<void> {
    while (this.lastSeq < toSeq) {
      const events = await historyAfter({ roomId: this.roomId, after: this.lastSeq, upTo: toSeq, limit: 500 });
      if (events.length === 0) return;
      for (const event of events) this.emitSequenced(event);
    }
  }

  private run(step: () => Promise<void>): Promise<void> {
    return (this.chain ?? Promise.resolve()).then(step).catch((err) => {
      log.error("room channel step failed", {
        roomId: this.roomId,
        error: err instanceof Error ? err.message : String(err),
      });
    });
  }
}

const globalChannels = globalThis as unknown as { parleyChannels?: Map<string, RoomChannel> };
/** The rooms this process has subscribers in (one map per process, whichever bundle asks). */
export const channels = (globalChannels.parleyChannels ??= new Map<string, RoomChannel>());

/** Adds a listener to the room's channel, opening the channel if it is the first; returns its removal. */
export function joinChannel(roomId: string, listener: RoomListener): { channel: RoomChannel; leave: () => void } {
  let channel = channels.get(roomId);
  if (!channel) {
    channel = new RoomChannel(roomId);
    channels.set(roomId, channel);
  }
  channel.listeners.add(listener);
  const joined = channel;
  return {
    channel,
    leave() {
      joined.listeners.delete(listener);
      if (joined.listeners.size === 0 && channels.get(roomId) === joined) channels.delete(roomId);
    },
  };
}

/** After this process may have missed notices (its listener was down, or it polls): read every open room by seq. */
export async function catchUpAllChannels(): Promise<void> {
  if (channels.size === 0) return;
  const rooms = await db.room.findMany({
    where: { id: { in: [...channels.keys()] } },
    select: { id: true, lastSeq: true },
  });
  for (const room of rooms) channels.get(room.id)?.advanceTo(room.lastSeq);
}
