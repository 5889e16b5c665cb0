import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "@/lib/platform/env";

/**
 * Structured logs: one JSON object per line on stdout (errors on stderr), with the request id of the
 * request being served. Fields whose names suggest secrets or message text are never written.
 */

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|^body$|^text$|^comment$/i;
const RECENT_ERRORS = 20;

export type RecentError = { at: string; msg: string; requestId?: string; error?: string };

const context = new AsyncLocalStorage<{ requestId: string }>();
const globalLog = globalThis as unknown as { parleyRecentErrors?: RecentError[] };
const recent = (globalLog.parleyRecentErrors ??= []);

/** Runs `fn` with a request id that every log line written inside it carries. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return context.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}

function scrub(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (value === null || typeof value !== "object" || depth > 4) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, SECRET_KEY.test(key) ? "[redacted]" : scrub(v, depth + 1)]),
  );
}

function write(level: Level, msg: string, fields: Fields = {}): void {
  if (order[level] < order[env.LOG_LEVEL]) return;
  const requestId = currentRequestId();
  const entry = { time: new Date().toISOString(), level, msg, ...(requestId && { requestId }), ...(scrub(fields) as Fields) };
  let line: string;
  try {
    line = JSON.stringify(entry);
  } catch {
    line = JSON.stringify({ time: entry.time, level, msg, requestId, note: "fields not serialisable" });
  }
  if (level === "error") {
    const error = fields.error instanceof Error ? fields.error.message : typeof fields.error === "string" ? fields.error : undefined;
    recent.push({ at: entry.time, msg, ...(requestId && { requestId }), ...(error && { error }) });
    if (recent.length > RECENT_ERRORS) recent.splice(0, recent.length - RECENT_ERRORS);
  }
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}

export const log = {
  debug: (msg: string, fields?: Fields) => write("debug", msg, fields),
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  error: (msg: string, fields?: Fields) => write("error", msg, fields),
};

/** The last errors this process logged (message and request id only), newest last: shown to admins. */
export function recentErrors(): RecentError[] {
  return [...recent];
}
