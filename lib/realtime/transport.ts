import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { env } from "@/lib/platform/env";
import { log } from "@/lib/platform/log";
import type { RoomEvent } from "@/lib/platform/schemas";

/**
 * The transport between processes: PostgreSQL LISTEN/NOTIFY (a notice carries the room id and a seq, or an
 * event that is not history) or, where LISTEN is unavailable (EVENT_BUS=poll), a timer after which every
 * open room is read by seq. It knows nothing of rooms: the bus hands it what to do with a notice and what
 * to do after notices may have been missed.
 */

const NOTIFY_CHANNEL = "parley_events";
const MAX_NOTIFY_BYTES = 7900;
const globalInstance = globalThis as unknown as { parleyInstanceId?: string };
/** This process's id on the bus (one per process, whichever bundle asks). */
export const instanceId = (globalInstance.parleyInstanceId ??= randomUUID());

/** `i` the sending instance, `r` the room, `s` the seq it committed up to, `e` an event without seq. */
export type Notice = { i: string; r: string; s?: number; e?: RoomEvent };

export type TransportHandlers = {
  /** A notice from another instance. */
  onNotice(notice: Notice): void;
  /** Notices may have been missed (the listener reconnected, or a polling tick). */
  onMissed(): Promise<void>;
};
export type Transport = { notify(notice: Notice): void };

const globalHearing = globalThis as unknown as { parleyHearing?: { listening: boolean; generation: number } };
/** Whether this process hears other instances now; the generation changes whenever that starts or stops. */
export const hearing = (globalHearing.parleyHearing ??= { listening: false, generation: 0 });

function setHearing(listening: boolean): void {
  if (hearing.listening === listening) return;
  hearing.listening = listening;
  hearing.generation++;
}

export function startTransport(handlers: TransportHandlers): Transport {
  return env.EVENT_BUS === "poll" ? startPolling(handlers) : startListening(handlers);
}

function startListening({ onNotice, onMissed }: TransportHandlers): Transport {
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
        let notice: Notice;
        try {
          notice = JSON.parse(msg.payload) as Notice;
        } catch {
          return; // A malformed payload is not ours to act on.
        }
        if (notice.i !== instanceId) onNotice(notice);
      });
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      setHearing(true);
      retryMs = 500;
      await onMissed();
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
      .query("SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS n(payload, i) ORDER BY i", [
        NOTIFY_CHANNEL,
        payloads,
      ])
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

function startPolling({ onMissed }: TransportHandlers): Transport {
  const timer = setInterval(() => void onMissed().catch(() => {}), env.EVENT_POLL_INTERVAL_MS);
  timer.unref();
  // Ephemeral events (typing, presence) stay within the process in polling mode.
  return { notify() {} };
}
