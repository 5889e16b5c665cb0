import "server-only";
import { AppError } from "@/lib/errors";

/**
 * Token buckets kept in this process's memory: enough for one instance; behind several instances each
 * enforces its own share. Buckets refill continuously at `perMinute` and hold at most `burst` tokens.
 */
export function createRateLimiter({ perMinute, burst = perMinute }: { perMinute: number; burst?: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;

  return function take(key: string, what = "requests"): void {
    const now = Date.now();
    const bucket = buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      buckets.set(key, bucket);
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
      throw new AppError("rate_limited", `Too many ${what}: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    bucket.tokens -= 1;
    buckets.set(key, bucket);
    if (buckets.size > 50_000) prune(buckets, now, burst / refillPerMs);
  };
}

function prune(buckets: Map<string, { at: number }>, now: number, fullAfterMs: number) {
  for (const [key, bucket] of buckets) if (now - bucket.at > fullAfterMs) buckets.delete(key);
}
