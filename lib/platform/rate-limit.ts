import "server-only";
import { hotPool, pool } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import { metrics } from "@/lib/platform/metrics";

/**
 * Token buckets kept in PostgreSQL, so that a limit holds however many instances serve the app (and on
 * serverless). Buckets refill continuously at `perMinute` and hold at most `burst` tokens. A check is one
 * statement on the bucket's row; the table is UNLOGGED (a crash forgets the buckets, which only lifts the
 * limits for a moment), so these writes never wait for the disk.
 * Calling the limiter takes a token (429 when there is none); `check` only asks whether one is left,
 * for limits that count failures rather than attempts (sign-in).
 */
export function createRateLimiter({
  name,
  perMinute,
  burst = perMinute,
}: {
  name: string;
  perMinute: number;
  burst?: number;
}) {
  const refillPerSecond = perMinute / 60;
  // A bucket untouched this long is full again: its row can go.
  const fullAfterMs = Math.ceil((burst / refillPerSecond) * 1000);

  const spend = async (key: string, cost: 0 | 1, what: string): Promise<void> => {
    pruneNowAndThen(name, fullAfterMs);
    const { rows } = await hotPool().query<{ refused: boolean; tokens: number }>({
      name: "parley_rate_limit",
      text: SPEND,
      values: [name, key, burst, cost, refillPerSecond],
    });
    const bucket = rows[0];
    if (!bucket?.refused) return;
    metrics.rateLimited.inc({ limiter: name });
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerSecond));
    throw new AppError("rate_limited", `Too many ${what}: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  };

  return Object.assign((key: string, what = "requests") => spend(key, 1, what), {
    /** Throws the 429 error when `key` has no token left, without taking one. */
    check: (key: string, what = "requests") => spend(key, 0, what),
  });
}

// The bucket's tokens now: what it held plus the refill since, capped at the burst ($3); $5 tokens a second.
const REFILLED = `least($3::float8, b.tokens + greatest(0, extract(epoch FROM now() - b."updatedAt")) * $5::float8)`;

// One statement per check: a new bucket starts full; a refused call leaves the tokens as they are ($4 is
// the cost: 1 to take a token, 0 to only look). The row lock orders concurrent checks of one key.
const SPEND = `
  INSERT INTO "RateLimitBucket" AS b (name, key, tokens, refused, "updatedAt")
  VALUES ($1, $2, $3::float8 - $4::float8, $3::float8 < 1, now())
  ON CONFLICT (name, key) DO UPDATE SET
    tokens = ${REFILLED} - CASE WHEN ${REFILLED} >= 1 THEN $4::float8 ELSE 0 END,
    refused = ${REFILLED} < 1,
    "updatedAt" = now()
  RETURNING refused, tokens`;

const PRUNE_EVERY_MS = 10 * 60_000;
const globalPrune = globalThis as unknown as { parleyRatePruned?: Map<string, number> };
const lastPruned = (globalPrune.parleyRatePruned ??= new Map());

/** Now and then (per limiter and process) the buckets that are full again are deleted. */
function pruneNowAndThen(name: string, fullAfterMs: number): void {
  const now = Date.now();
  if (now - (lastPruned.get(name) ?? 0) < PRUNE_EVERY_MS) return;
  lastPruned.set(name, now);
  pool()
    .query(
      `DELETE FROM "RateLimitBucket" WHERE name = $1 AND "updatedAt" < now() - $2::float8 * interval '1 millisecond'`,
      [name, fullAfterMs],
    )
    .catch(() => {});
}

/** A budget of messages a minute, for people and agents alike: bursts of a quarter of it (at least 10). */
export function createSendLimiter(name: string, perMinute: number) {
  return createRateLimiter({ name, perMinute, burst: Math.max(10, perMinute / 4) });
}
