import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { historyAfter, type SequencedEvent, seqOf } from "@/lib/room-history";
import type { RoomEvent } from "@/lib/schemas";

/**
 * The event bus. Each process keeps one channel per room that has local subscribers; a channel emits a
 * room's history (messages and message changes, lib/room-history) in seq order, exactly once, filling any
 * gap from the database. Other processes hear of new history through PostgreSQL LISTEN/NOTIFY (room id and seq only) or, where LISTEN is unavailable,
 * by polling each subscribed room's lastSeq.
 */

export type RoomListener = (event: RoomEvent) => void;

const NOTIFY_CHANNEL = "parley_events";
const MAX_NOTIFY_BYTES = 7900;
const globalInstance = globalThis as unknown as { parleyInstanceId?: string };
/** This process's id on the bus (one per process, whichever bundle asks). */
export const instanceId = (globalInstance.parleyInstanceId ??= randomUUID());

type Notice = { i: string; r: string; s?: number; e?: RoomEvent };

class RoomChannel {
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
      log.error("room channel step failed", { roomId: this.roomId, error: err instanceof Error ? err.message : String(err) });
    });
  }
}

const globalBus = globalThis as unknown as { parleyChannels?: Map<string, RoomChannel> };
const channels = (globalBus.parleyChannels ??= new Map<string, RoomChannel>());

/**
 * Subscribes to a room's live events. Resolves once the channel knows the room's lastSeq, so that any
 * message committed afterwards reaches the listener; earlier ones are the caller's to read from the database.
 */
export async function subscribe(roomId: string, listener: RoomListener): Promise<() => void> {
  ensureTransport();
  let channel = channels.get(roomId);
  if (!channel) {
    channel = new RoomChannel(roomId);
    channels.set(roomId, channel);
  }
  channel.listeners.add(listener);
  await channel.ready();
  const subscribed = channel;
  return () => {
    subscribed.listeners.delete(listener);
    if (subscribed.listeners.size === 0 && channels.get(roomId) === subscribed) channels.delete(roomId);
  };
}

/** Called by lib/messages after a message or a message change commits. */
export function publishSequenced(roomId: string, event: SequencedEvent): void {
  countEvent();
  channels.get(roomId)?.deliver(event);
  notify({ i: instanceId, r: roomId, s: seqOf(event) });
}

/** Events that are not history (participants, typing, presence): delivered as they come, no seq. */
export function publishRoomEvent(roomId: string, event: RoomEvent): void {
  countEvent();
  for (const hook of roomEventHooks) hook(roomId, event);
  channels.get(roomId)?.emit(event);
  notify({ i: instanceId, r: roomId, e: event });
}

type RoomEventHook = (roomId: string, event: RoomEvent) => void;
const globalHooks = globalThis as unknown as { parleyRoomEventHooks?: Set<RoomEventHook> };
const roomEventHooks = (globalHooks.parleyRoomEventHooks ??= new Set());

/** Calls `hook` with every non-history event of any room, published here or heard from another instance. */
export function onRoomEvent(hook: RoomEventHook): void {
  roomEventHooks.add(hook);
}

export function localSubscriberCount(): number {
  let n = 0;
  for (const channel of channels.values()) n += channel.listeners.size;
  return n;
}

// ---- event counts (for the admin heartbeat): every event this process published or heard of ----

type EventCounter = { total: number; seconds: Int32Array; second: number };
const globalCounter = globalThis as unknown as { parleyEventCounter?: EventCounter };
const counter = (globalCounter.parleyEventCounter ??= { total: 0, seconds: new Int32Array(60), second: 0 });

/** Moves the per-second ring to `now`, clearing the seconds skipped since the last event. */
function advance(now: number): void {
  const second = Math.floor(now / 1000);
  const gap = Math.min(60, second - counter.second);
  for (let i = 1; i <= gap; i++) counter.seconds[(counter.second + i) % 60] = 0;
  if (gap > 0) counter.second = second;
}

function countEvent(): void {
  advance(Date.now());
  counter.total++;
  counter.seconds[counter.second % 60]++;
}

export function eventCounts(): { total: number; lastMinute: number } {
  advance(Date.now());
  return { total: counter.total, lastMinute: counter.seconds.reduce((sum, n) => sum + n, 0) };
}

// ---- transport between processes ----

type Transport = { notify(notice: Notice): void };
const globalTransport = globalThis as unknown as { parleyTransport?: Transport; parleyHearing?: { listening: boolean; generation: number } };
// Whether this process hears other instances' events now; the generation changes whenever that starts or stops.
const hearing = (globalTransport.parleyHearing ??= { listening: false, generation: 0 });

/** Whether events of other instances reach this process now (starting the transport if need be). */
export function busHearsOthers(): { listening: boolean; generation: number } {
  ensureTransport();
  return { ...hearing };
}

function setHearing(listening: boolean): void {
  if (hearing.listening === listening) return;
  hearing.listening = listening;
  hearing.generation++;
}

function ensureTransport(): Transport {
  globalTransport.parleyTransport ??= env.EVENT_BUS === "poll" ? startPolling() : startListening();
  return globalTransport.parleyTransport;
}

function notify(notice: Notice): void {
  ensureTransport().notify(notice);
}

function onNotice(notice: Notice): void {
  if (notice.i === instanceId) return;
  countEvent();
  if (notice.e) for (const hook of roomEventHooks) hook(notice.r, notice.e);
  const channel = channels.get(notice.r);
  if (!channel) return;
  if (notice.s !== undefined) channel.advanceTo(notice.s);
  if (notice.e) channel.emit(notice.e);
}

/** After the listener was down, every subscribed room may have missed history: read it by seq. */
async function catchUpAll(): Promise<void> {
  if (channels.size === 0) return;
  const rooms = await db.room.findMany({ where: { id: { in: [...channels.keys()] } }, select: { id: true, lastSeq: true } });
  for (const room of rooms) channels.get(room.id)?.advanceTo(room.lastSeq);
}

function startListening(): Transport {
  // NOTIFY goes through a small pool outside any transaction, after the message's commit.
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
  pool.on("error", () => {});
  let retryMs = 500;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    const reconnect = () => {
      setHearing(false);
      client.removeAllListeners();
      client.end().catch(() => {});
      setTimeout(() => void connect(), retryMs).unref();
      retryMs = Math.min(retryMs * 2, 10_000);
    };
    try {
      await client.connect();
      client.on("error", reconnect);
      client.on("end", reconnect);
      client.on("notification", (msg) => {
        if (msg.channel !== NOTIFY_CHANNEL || !msg.payload) return;
        try {
          onNotice(JSON.parse(msg.payload) as Notice);
        } catch {
          // A malformed payload is not ours to act on.
        }
      });
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      setHearing(true);
      retryMs = 500;
      await catchUpAll();
    } catch {
      reconnect();
    }
  };
  void connect();

  // One NOTIFY query at a time: notices that come meanwhile wait and go out together in the next one, so
  // a burst of messages costs one round trip rather than one each.
  let waiting: Notice[] = [];
  let sending = false;
  const flush = () => {
    if (sending || waiting.length === 0) return;
    // PostgreSQL refuses a payload of 8000 bytes or more, and would fail the whole batch with it: an event
    // that large (a huge metadata change) stays on this instance; message notices are always small.
    const payloads = coalesce(waiting)
      .map((notice) => JSON.stringify(notice))
      .filter((payload) => {
        if (Buffer.byteLength(payload) < MAX_NOTIFY_BYTES) return true;
        log.warn("event too large to send to other instances", { bytes: Buffer.byteLength(payload) });
        return false;
      });
    waiting = [];
    if (payloads.length === 0) return;
    sending = true;
    pool
      .query("SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS n(payload, i) ORDER BY i", [NOTIFY_CHANNEL, payloads])
      .catch((err) => {
        // Subscribers elsewhere still catch up by seq when their listener reconnects or the next notice comes.
        log.warn("NOTIFY failed", { error: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => {
        sending = false;
        flush();
      });
  };

  return {
    notify(notice) {
      waiting.push(notice);
      flush();
    },
  };
}

/** A room's message notices reduce to the highest seq: a listener loads everything up to the seq it hears of. */
function coalesce(notices: Notice[]): Notice[] {
  const highest = new Map<string, Notice>();
  const kept: Notice[] = [];
  for (const notice of notices) {
    if (notice.s === undefined) {
      kept.push(notice);
      continue;
    }
    const previous = highest.get(notice.r);
    if (!previous) {
      highest.set(notice.r, notice);
      kept.push(notice);
    } else if (notice.s > (previous.s ?? 0)) {
      previous.s = notice.s;
    }
  }
  return kept;
}

function startPolling(): Transport {
  const timer = setInterval(() => void catchUpAll().catch(() => {}), env.EVENT_POLL_INTERVAL_MS);
  timer.unref();
  // Ephemeral events (typing, presence) stay within the process in polling mode.
  return { notify() {} };
}
