import "server-only";
import { queueDepths } from "@/lib/agents/inbox";
import { db } from "@/lib/platform/db";
import { metrics } from "@/lib/platform/metrics";
import { version } from "@/lib/platform/version";
import { activeRooms } from "@/lib/rooms/rooms";

const STORAGE_TIMEOUT_MS = 2000;

export type StorageStatus = { status: "ok" | "down"; latency_ms: number | null };

/** One round trip to PostgreSQL, given up after 2 s: a health check must answer while the database does not. */
export async function checkStorage(): Promise<StorageStatus> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), STORAGE_TIMEOUT_MS);
      }),
    ]);
    return { status: "ok", latency_ms: Math.round((performance.now() - t0) * 100) / 100 };
  } catch {
    return { status: "down", latency_ms: null };
  } finally {
    clearTimeout(timer);
  }
}

/** Streams open on this instance (rooms and admin pages). */
export async function openStreamCount(): Promise<number> {
  const { values } = await metrics.sseConnections.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}

/**
 * Health for everyone; with `detailed` (admins, HEALTH_TOKEN) also this instance's open streams and the
 * active rooms with their participants and agent queues. Detail that needs the database is null while it is down.
 */
export async function checkHealth({ detailed = false }: { detailed?: boolean } = {}) {
  const storage = await checkStorage();
  const health = {
    status: storage.status === "ok" ? ("ok" as const) : ("degraded" as const),
    uptime_seconds: Math.round(process.uptime()),
    version,
    storage,
  };
  if (!detailed) return health;
  const connections = await openStreamCount();
  if (storage.status !== "ok") {
    return { ...health, connections, conversations: null, participants_by_conversation: null, queue_depths: null };
  }
  try {
    const rooms = await activeRooms();
    const depths = await queueDepths(rooms.map((r) => r.id));
    return {
      ...health,
      connections,
      conversations: rooms.length,
      participants_by_conversation: Object.fromEntries(rooms.map((r) => [r.id, { humans: r.humans, ai_agents: r.agents }])),
      queue_depths: depths,
    };
  } catch {
    return { ...health, connections, conversations: null, participants_by_conversation: null, queue_depths: null };
  }
}
