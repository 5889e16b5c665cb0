// Scenario 6: memory per open idle SSE connection. A fresh server of each kind; its resident set size
// is read with no stream open, then with 1,000 and 5,000 idle streams open (10 rooms). The reading with
// none carries garbage from the server's start that a collection while the first 1,000 open may or may not
// give back (a fresh Parley server often holds less with 1,000 streams than with none), so the figure is
// what each stream from 1,000 to 5,000 added; the readings themselves are in the notes. Parley's room
// stream is measured as each server shape serves it, all running the same handler (lib/streams/routes):
// from node:http beside Next (the self-hosted build) and as an App Router route handler (Next alone, as on
// Vercel).

import { openFileLimit, rssKb, type ServerProcess, startBaseline, startParley } from "../environment";
import type { EventStream } from "../http-client";
import { idleStreamOpener } from "../idle-streams";
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

/** RSS in KB by the number of idle streams open (0 first). */
type Readings = Map<number, number>;

async function measure(target: ChatTarget, levels: number[], log: (line: string) => void): Promise<Readings> {
  const open = await idleStreamOpener(target, ROOMS);
  const idle = await steadyRss(target.pid);
  const at: Readings = new Map([[0, idle]]);
  const streams: EventStream[] = [];
  for (const level of levels) {
    await open(level - streams.length, streams);
    const rss = await steadyRss(target.pid);
    at.set(level, rss);
    log(
      `  ${target.name}: ${level} idle streams, RSS ${(rss / 1024).toFixed(0)} MB (idle ${(idle / 1024).toFixed(0)} MB)`,
    );
  }
  for (const s of streams) s.close();
  return at;
}

type Variant = { name: string; start(ctx: BenchContext): Promise<{ server: ServerProcess; target: ChatTarget }> };

const parleyVariant = (name: string, { nextAlone = false } = {}): Variant => ({
  name,
  async start(ctx) {
    const server = await startParley(ctx.databaseUrl, `Parley (memory, ${name})`, {}, { nextAlone });
    const cookie = ctx.owner.cookieHeader();
    return { server, target: parleyTarget({ name, url: server.url, pid: server.pid, cookie }) };
  },
});

const VARIANTS: Variant[] = [
  parleyVariant("node:http beside Next"),
  parleyVariant("App Router route handler", { nextAlone: true }),
  {
    name: "baseline",
    async start(ctx) {
      const server = await startBaseline(ctx.databaseUrl);
      return { server, target: baselineTarget({ url: server.url, pid: server.pid }) };
    },
  },
];

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
    const results = new Map<string, Readings>();
    // Fresh processes, so earlier scenarios' heaps do not blur the readings.
    for (const variant of VARIANTS) {
      let server: ServerProcess | null = null;
      try {
        const started = await variant.start(ctx);
        server = started.server;
        results.set(variant.name, await measure(started.target, levels, ctx.log));
      } finally {
        await server?.stop();
      }
    }
    // From the first level to the last: from none only where the open-file limit left one level.
    const [from, to] = [levels.length > 1 ? levels[0] : 0, levels.at(-1)!];
    const perAddedStream = (name: string) => {
      const rss = results.get(name)!;
      return (rss.get(to)! - rss.get(from)!) / (to - from);
    };
    const [parley, appRouter, baseline] = VARIANTS.map((v) => perAddedStream(v.name));
    const [first, last] = [from, to].map((n) => n.toLocaleString("en-US"));
    return {
      id: 6,
      title: this.title,
      measured: `(server RSS with ${last} idle streams − RSS with ${first}) ÷ ${(to - from).toLocaleString("en-US")}, fresh server processes, ${ROOMS} rooms, median of 5 readings after 1.5 s. Parley's room stream served from node:http beside Next (the self-hosted build; the first row) and as an App Router route handler (Next alone, as on Vercel), both running the same handler`,
      rows: [
        {
          metric: `per added stream, ${first} → ${last} streams`,
          unit: "KB",
          parley,
          other: baseline,
          target: { text: "≤ 30 KB", met: parley <= 30 },
        },
        {
          metric: `App Router route handler alone: per added stream, ${first} → ${last} streams`,
          unit: "KB",
          parley: appRouter,
          other: baseline,
        },
      ],
      notes: [
        ...notes,
        `RSS (MB) with ${[0, ...levels].map((n) => n.toLocaleString("en-US")).join(" / ")} idle streams: ${VARIANTS.map(
          (v) => `${v.name} ${[...results.get(v.name)!.values()].map((kb) => (kb / 1024).toFixed(0)).join(" / ")}`,
        ).join("; ")}.`,
      ],
    };
  },
};
