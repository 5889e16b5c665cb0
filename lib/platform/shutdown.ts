import "server-only";
import { env } from "@/lib/platform/env";
import { log } from "@/lib/platform/log";

/**
 * Graceful shutdown on SIGTERM: open streams are told to reconnect (elsewhere) and closed, held agent polls
 * return at once, every response says `Connection: close`, and requests already running are given
 * SHUTDOWN_GRACE_SECONDS to finish their writes before the process exits with 0.
 */

type State = {
  draining: boolean;
  inFlight: number;
  controller: AbortController;
  idle: Set<() => void>;
  afterDrain: Set<() => Promise<void>>;
  installed: boolean;
};
const globalState = globalThis as unknown as { parleyShutdown?: State };
const state = (globalState.parleyShutdown ??= {
  draining: false,
  inFlight: 0,
  controller: new AbortController(),
  idle: new Set(),
  afterDrain: new Set(),
  installed: false,
});

/** Aborted when the process starts shutting down: streams and long polls listen to it. */
export const shutdownSignal: AbortSignal = state.controller.signal;

export function isDraining(): boolean {
  return state.draining;
}

/** Counts a request as in flight until `fn` settles, so shutdown waits for its writes. */
export async function trackRequest<T>(fn: () => Promise<T>): Promise<T> {
  state.inFlight++;
  try {
    return await fn();
  } finally {
    state.inFlight--;
    if (state.inFlight === 0) for (const resolve of state.idle) resolve();
  }
}

function whenIdle(timeoutMs: number): Promise<boolean> {
  if (state.inFlight === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (idle: boolean) => {
      state.idle.delete(onIdle);
      clearTimeout(timer);
      resolve(idle);
    };
    const onIdle = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    state.idle.add(onIdle);
  });
}

/** Starts draining and resolves once requests in flight have finished (or the grace period ran out). */
export async function drain(graceMs = env.SHUTDOWN_GRACE_SECONDS * 1000): Promise<void> {
  if (!state.draining) {
    state.draining = true;
    state.controller.abort();
  }
  const idle = await whenIdle(graceMs);
  if (!idle) log.warn("shutdown: requests still running after the grace period", { inFlight: state.inFlight });
}

/**
 * Work to finish once requests have drained, before the process exits (writes that requests left behind them).
 * Parts above the platform register here, so the platform needs to know none of them.
 */
export function afterDrain(task: () => Promise<void>): void {
  state.afterDrain.add(task);
}

// Idle keep-alive connections (a browser keeps them for minutes) would hold the process: once nothing is in
// flight, it goes after this pause, in which the last responses leave.
const SETTLE_MS = 500;
// What the writes left behind requests get: read markers are one statement.
const FLUSH_MS = 1000;

/**
 * Installed once per process (instrumentation.ts). Parley owns the order (scripts/node-server.cjs keeps Next's
 * own handler out): drain, write what requests left behind, exit 0, all within SHUTDOWN_GRACE_SECONDS, so a
 * container runtime's stop (10 s by default) sees a clean exit rather than killing the process.
 */
export function installShutdownHandlers(): void {
  if (state.installed) return;
  state.installed = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (state.draining) return;
    log.info("shutdown: draining", { signal, inFlight: state.inFlight });
    const graceMs = env.SHUTDOWN_GRACE_SECONDS * 1000;
    setTimeout(() => {
      log.warn("shutdown: grace period over; exiting", { inFlight: state.inFlight });
      process.exit(0);
    }, Math.max(0, graceMs - SETTLE_MS)).unref();
    void drain(Math.max(0, graceMs - FLUSH_MS - 2 * SETTLE_MS))
      .then(() => Promise.allSettled([...state.afterDrain].map((task) => task())))
      .then(() => {
        log.info("shutdown: drained");
        setTimeout(() => process.exit(0), SETTLE_MS).unref();
      });
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
