import "server-only";

/** Event counts for the admin heartbeat: every event this process published or heard of from another. */

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

export function countEvent(): void {
  advance(Date.now());
  counter.total++;
  counter.seconds[counter.second % 60]++;
}

export function eventCounts(): { total: number; lastMinute: number } {
  advance(Date.now());
  return { total: counter.total, lastMinute: counter.seconds.reduce((sum, n) => sum + n, 0) };
}
