import "server-only";
import { db } from "@/lib/db";

export const version = process.env.npm_package_version ?? "0.1.0";

export async function checkHealth() {
  const t0 = performance.now();
  let storage: { status: "ok" | "down"; latency_ms: number | null };
  try {
    await db.$queryRaw`SELECT 1`;
    storage = { status: "ok", latency_ms: Math.round((performance.now() - t0) * 100) / 100 };
  } catch {
    storage = { status: "down", latency_ms: null };
  }
  return {
    status: storage.status === "ok" ? ("ok" as const) : ("degraded" as const),
    uptime_seconds: Math.round(process.uptime()),
    version,
    storage,
  };
}
