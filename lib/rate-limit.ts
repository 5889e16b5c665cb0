import "server-only";
import { AppError } from "@/lib/errors";
import { metrics } from "@/lib/metrics";

type Bucket = { tokens: number; at: number };

/**
 * Token buckets kept in this process's memory: enough for one instance; behind several instances each
 * enforces its own share. Buckets refill continuously at `perMinute` and hold at most `burst` tokens.
 * Calling the limiter takes a token (429 when there is none); `check` only asks whether one is left,
 * for limits that count failures rather than attempts (sign-in).
 */
export function createRateLimiter({ name, perMinute, burst = perMinute }: { name: string; perMinute: number; burst?: number }) {
  // Shared by every copy of this module in the process (Next bundles routes and actions separately).
  const buckets = bucketsNamed(name);
  const refillPerMs = perMinute / 60_000;

  const refill = (key: string, now: number): Bucket => {
    const bucket = buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    buckets.set(key, bucket);
    if (buckets.size > 50_000) prune(buckets, now, burst / refillPerMs);
    return bucket;
  };

  const refuse = (bucket: Bucket, what: string): AppError => {
    metrics.rateLimited.inc({ limiter: name });
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
    return new AppError("rate_limited", `Too many ${what}: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  };

  const take = (key: string, what = "requests"): void => {
    const bucket = refill(key, Date.now());
    if (bucket.tokens < 1) throw refuse(bucket, what);
    bucket.tokens -= 1;
  };

  return Object.assign(take, {
    /** Throws the 429 error when `key` has no token left, without taking one. */
    check(key: string, what = "requests"): void {
      const bucket = refill(key, Date.now());
      if (bucket.tokens < 1) throw refuse(bucket, what);
    },
  });
}

const globalBuckets = globalThis as unknown as { parleyRateBuckets?: Map<string, Map<string, Bucket>> };

function bucketsNamed(name: string): Map<string, Bucket> {
  const all = (globalBuckets.parleyRateBuckets ??= new Map());
  let buckets = all.get(name);
  if (!buckets) all.set(name, (buckets = new Map()));
  return buckets;
}

function prune(buckets: Map<string, { at: number }>, now: number, fullAfterMs: number) {
  for (const [key, bucket] of buckets) if (now - bucket.at > fullAfterMs) buckets.delete(key);
}

/** A budget of messages a minute, for people and agents alike: bursts of a quarter of it (at least 10). */
export function createSendLimiter(name: string, perMinute: number) {
  return createRateLimiter({ name, perMinute, burst: Math.max(10, perMinute / 4) });
}
