// Diagnostic: heap snapshots of a Parley server with 0 and N idle room streams, to see what a stream holds.
//   npx tsx scripts/bench/heap-probe.ts <dir> [N] [--next-alone]
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ParleyClient, uniqueUser } from "../lib/parley-client";
import { ensureBuild } from "../lib/runtime";
import { openBenchDatabase, parleyNodeArgs, rssKb, startParley } from "./environment";
import { type EventStream, inBatches } from "./http-client";
import { sleep } from "./stats";
import { parleyTarget } from "./targets";

const dir = path.resolve(process.argv[2] ?? "/tmp/heap");
const count = Number(process.argv[3] ?? 1000);
const nextAlone = process.argv.includes("--next-alone");
const rssOnly = process.argv.includes("--rss-only");
if (!rssOnly) parleyNodeArgs.push("--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${dir}`);
await ensureBuild();
const db = await openBenchDatabase();
const server = await startParley(db.url, "probe", {}, { nextAlone });
try {
  const owner = new ParleyClient(server.url);
  await owner.signUp(uniqueUser("probe"));
  const target = parleyTarget({ url: server.url, pid: server.pid, cookie: owner.cookieHeader() });
  const rooms: string[] = [];
  for (let r = 0; r < 10; r++) rooms.push(await target.createRoom());
  const open = (n: number, into: EventStream[]) =>
    inBatches(
      Array.from({ length: n }, (_, i) => rooms[i % rooms.length]),
      50,
      async (roomId) => {
        into.push(await target.subscribe(roomId, () => {}));
      },
    );
  const snapshot = async (label: string) => {
    if (rssOnly) {
      for (const at of [1.5, 5, 10, 20, 30]) {
        await sleep(at * 1000 - (at === 1.5 ? 0 : 0));
        console.log(`${label}: rss ${rssKb(server.pid)} KB`);
      }
      return;
    }
    const before = new Set(readdirSync(dir));
    process.kill(server.pid, "SIGUSR2");
    for (;;) {
      await sleep(500);
      const added = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith(".heapsnapshot"));
      if (added.length) {
        // Written in pieces: done once its size holds still.
        let size = -1;
        while (size !== (size = statSync(path.join(dir, added[0])).size) || size === 0) await sleep(2000);
        console.log(`${label}: ${added[0]} rss ${rssKb(server.pid)} KB`);
        return;
      }
    }
  };
  const warm: EventStream[] = [];
  await open(100, warm);
  for (const s of warm) s.close();
  await sleep(1500);
  await snapshot("0 streams");
  const streams: EventStream[] = [];
  await open(count, streams);
  await sleep(1500);
  await snapshot(`${count} streams`);
  for (const s of streams) s.close();
} finally {
  await server.stop();
  await db.stop();
  process.exit(0);
}
