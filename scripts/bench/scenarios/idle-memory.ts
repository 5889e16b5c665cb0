// Scenario 6: memory per open idle SSE connection. A fresh server of each kind; its resident set size
// is read with no stream open, then with 1,000 and 5,000 idle streams open (10 rooms).
import { type EventStream, inBatches } from "../http-client";
import { openFileLimit, rssKb, type ServerProcess, startBaseline, startParley } from "../environment";
import { type BenchContext, type Scenario, scaled } from "../scenario";
import { median, sleep } from "../stats";
import { baselineTarget, type ChatTarget, parleyTarget } from "../targets";

const LEVELS = [1_000, 5_000];
const ROOMS = 10;
// Sockets the bench process needs besides the idle streams (requests, database, stdio).
const FD_MARGIN = 500;

/** RSS in KB, the median of a few readings a quarter second apart (GC makes single readings jumpy). */
async function steadyRss(pid: number): Promise<number> {
  await sleep(1_500);
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(rssKb(pid));
    await sleep(250);
  }
  return median(readings);
}

async function measure(
  target: ChatTarget,
  levels: number[],
  log: (line: string) => void,
): Promise<Map<number, number>> {
  const rooms: string[] = [];
  for (let r = 0; r < ROOMS; r++) rooms.push(await target.createRoom());
  const open = async (count: number, into: EventStream[]) =>
    inBatches(
      Array.from({ length: count }, (_, i) => rooms[i % ROOMS]),
      50,
      async (roomId) => {
        into.push(await target.subscribe(roomId, () => {}));
      },
    );
  // Warm-up: load and compile the stream's code path before the empty reading.
  const warm: EventStream[] = [];
  await open(100, warm);
  for (const s of warm) s.close();
  const idle = await steadyRss(target.pid);
  const perConnection = new Map<number, number>();
  const streams: EventStream[] = [];
  for (const level of levels) {
    await open(level - streams.length, streams);
    const rss = await steadyRss(target.pid);
    perConnection.set(level, (rss - idle) / level);
    log(
      `  ${target.name}: ${level} idle streams, RSS ${(rss / 1024).toFixed(0)} MB (idle ${(idle / 1024).toFixed(0)} MB)`,
    );
  }
  for (const s of streams) s.close();
  return perConnection;
}

export const idleMemoryScenario: Scenario = {
  id: 6,
  title: "memory per open idle SSE connection",
  async run(ctx: BenchContext) {
    const limit = openFileLimit();
    const levels = LEVELS.map((n) => Math.min(scaled(ctx, n, 100), limit - FD_MARGIN)).filter(
      (n, i, all) => n > 0 && all.indexOf(n) === i,
    );
    const notes: string[] = [];
    if (levels.at(-1)! < scaled(ctx, LEVELS.at(-1)!, 100)) {
      notes.push(
        `Open-file limit ${limit}: measured up to ${levels.at(-1)} streams. Raise it (ulimit -n) for the full figure.`,
      );
    }
    const results = new Map<string, Map<number, number>>();
    // Fresh processes, so earlier scenarios' heaps do not blur the readings.
    for (const kind of ["Parley", "baseline"] as const) {
      let server: ServerProcess | null = null;
      try {
        server =
          kind === "Parley"
            ? await startParley(ctx.databaseUrl, "Parley (memory)")
            : await startBaseline(ctx.databaseUrl);
        const target =
          kind === "Parley"
            ? parleyTarget({ url: server.url, pid: server.pid, cookie: ctx.owner.cookieHeader() })
            : baselineTarget({ url: server.url, pid: server.pid });
        results.set(kind, await measure(target, levels, ctx.log));
      } finally {
        await server?.stop();
      }
    }
    return {
      id: 6,
      title: this.title,
      measured: `(server RSS with N idle streams − RSS with none) ÷ N, fresh server processes, ${ROOMS} rooms, median of 5 readings after 1.5 s`,
      rows: levels.map((level) => {
        const parley = results.get("Parley")!.get(level)!;
        return {
          metric: `per stream at ${level.toLocaleString("en-US")} streams`,
          unit: "KB",
          parley,
          other: results.get("baseline")!.get(level)!,
          target: { text: "< 30 KB", met: parley < 30 },
        };
      }),
      notes,
    };
  },
};
