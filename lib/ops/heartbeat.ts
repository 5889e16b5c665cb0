import "server-only";
import { hostname } from "node:os";
import { checkStorage, openStreamCount } from "@/lib/ops/health";
import { env } from "@/lib/platform/env";
import { log, recentErrors } from "@/lib/platform/log";
import { metrics } from "@/lib/platform/metrics";
import type { Heartbeat, SystemEvent } from "@/lib/platform/schemas";
import { shutdownSignal } from "@/lib/platform/shutdown";
import { version } from "@/lib/platform/version";
import { eventCounts } from "@/lib/realtime/event-counter";
import { instanceId } from "@/lib/realtime/transport";
import { activeRooms } from "@/lib/rooms/rooms";

/**
 * The system heartbeat: every HEARTBEAT_INTERVAL_SECONDS this instance describes itself (uptime, clients,
 * events, active rooms, recent errors) to the admin streams open on it. Each instance beats for itself;
 * an admin page sees the instance its stream is served by. The last beat is kept for late joiners.
 */

export type SystemListener = (event: SystemEvent) => void;
type State = { listeners: Set<SystemListener>; last: Heartbeat | null; timer: NodeJS.Timeout | null };
const globalState = globalThis as unknown as { parleyHeartbeat?: State };
const state = (globalState.parleyHeartbeat ??= { listeners: new Set(), last: null, timer: null });

const IDLE_AFTER_MS = 5 * 60_000;
const instance = `${hostname()}/${instanceId.slice(0, 8)}`;

export async function buildHeartbeat(): Promise<Heartbeat> {
  const storage = await checkStorage();
  const rooms = storage.status === "ok" ? await activeRooms({ limit: 50 }).catch(() => []) : [];
  const events = eventCounts();
  const waiting = (await metrics.agentsWaiting.get()).values[0]?.value ?? 0;
  const now = Date.now();
  return {
    at: new Date(now).toISOString(),
    uptime_seconds: Math.round(process.uptime()),
    connected_clients: await openStreamCount(),
    total_events: events.total,
    events_per_minute: events.lastMinute,
    agents_waiting: waiting,
    active_sessions: rooms.map((r) => ({
      room_id: r.id,
      name: r.name,
      participants: r.humans + r.agents,
      humans: r.humans,
      ai_agents: r.agents,
      last_activity: r.lastActivityAt.toISOString(),
      status: r.online > 0 || now - r.lastActivityAt.getTime() < IDLE_AFTER_MS ? "active" : "idle",
    })),
    storage,
    recent_errors: recentErrors().slice(-10),
    server: { version, instance },
  };
}

export async function beat(): Promise<Heartbeat> {
  const heartbeat = await buildHeartbeat();
  state.last = heartbeat;
  for (const listener of state.listeners) listener({ type: "heartbeat", heartbeat });
  return heartbeat;
}

/** Starts the timer (once per process). */
export function startHeartbeat(): void {
  if (state.timer) return;
  state.timer = setInterval(() => {
    // Nobody is watching: skip the queries; a page that opens gets a fresh beat (subscribeSystem).
    if (shutdownSignal.aborted || state.listeners.size === 0) return;
    beat().catch((err) => log.warn("heartbeat failed", { error: err instanceof Error ? err.message : String(err) }));
  }, env.HEARTBEAT_INTERVAL_SECONDS * 1000);
  state.timer.unref();
}

/** Subscribes to system events; the listener gets the last heartbeat at once (a fresh one if it is stale). */
export async function subscribeSystem(listener: SystemListener): Promise<() => void> {
  state.listeners.add(listener);
  startHeartbeat();
  const staleAfterMs = 2 * env.HEARTBEAT_INTERVAL_SECONDS * 1000;
  const fresh = state.last && Date.now() - Date.parse(state.last.at) < staleAfterMs;
  const last = fresh ? state.last : await buildHeartbeat().catch(() => state.last);
  if (last) {
    state.last = last;
    listener({ type: "heartbeat", heartbeat: last });
  }
  return () => state.listeners.delete(listener);
}
