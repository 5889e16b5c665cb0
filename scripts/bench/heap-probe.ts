// What an idle stream holds: heap snapshots of a Parley server with no stream and with N idle room streams,
// and the growth between them per stream, by constructor. The live heap is what RSS readings (scenario 6)
// cannot separate from garbage the process has not given back yet.
//   NODE_OPTIONS=--max-old-space-size=8000 npx tsx scripts/bench/heap-probe.ts [--streams 2000] [--dir /tmp/heap] [--next-alone]
// --next-alone serves the stream as an App Router route handler instead of from node:http beside Next.
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ParleyClient, uniqueUser } from "../lib/parley-client";
import { ensureBuild } from "../lib/runtime";
import { openBenchDatabase, parleyNodeArgs, rssKb, startParley } from "./environment";
import type { EventStream } from "./http-client";
import { idleStreamOpener } from "./idle-streams";
import { sleep } from "./stats";
import { parleyTarget } from "./targets";

const { values } = parseArgs({
  options: {
    streams: { type: "string", default: "2000" },
    dir: { type: "string", default: "/tmp/parley-heap" },
    "next-alone": { type: "boolean", default: false },
  },
});
const count = Number(values.streams);
const dir = path.resolve(values.dir);
mkdirSync(dir, { recursive: true });
parleyNodeArgs.push("--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${dir}`);

await ensureBuild();
const db = await openBenchDatabase();
const server = await startParley(db.url, "probe", {}, { nextAlone: values["next-alone"] });

/** Asks the server for a heap snapshot (V8 collects garbage first) and waits until it is written. */
async function snapshot(label: string): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(server.pid, "SIGUSR2");
  for (;;) {
    await sleep(1000);
    const file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith(".heapsnapshot"));
    if (!file) continue;
    // Written in pieces: done once its size holds still.
    let size = -1;
    while (size !== (size = statSync(path.join(dir, file)).size) || size === 0) await sleep(2000);
    console.log(`${label}: ${file} (server RSS ${(rssKb(server.pid) / 1024).toFixed(0)} MB)`);
    return path.join(dir, file);
  }
}

type Totals = Map<string, { size: number; count: number }>;

/** Self sizes summed by constructor (objects, closures) or by kind (arrays, strings, code…). */
function totalsOf(file: string): Totals {
  const snap = JSON.parse(readFileSync(file, "utf8"));
  const { node_fields: fields, node_types: types } = snap.snapshot.meta;
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const totals: Totals = new Map();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[0][snap.nodes[i + typeAt]];
    const name = snap.strings[snap.nodes[i + nameAt]];
    const key = type === "object" ? name : type === "closure" ? `closure ${name}` : `(${type})`;
    const entry = totals.get(key) ?? { size: 0, count: 0 };
    entry.size += snap.nodes[i + sizeAt];
    entry.count++;
    totals.set(key, entry);
  }
  return totals;
}

try {
  const owner = new ParleyClient(server.url);
  await owner.signUp(uniqueUser("probe"));
  const target = parleyTarget({ url: server.url, pid: server.pid, cookie: owner.cookieHeader() });
  const open = await idleStreamOpener(target, 10);
  await sleep(1500);
  const empty = await snapshot("no stream");
  const streams: EventStream[] = [];
  await open(count, streams);
  await sleep(1500);
  const full = await snapshot(`${count} streams`);
  for (const s of streams) s.close();

  const [a, b] = [totalsOf(empty), totalsOf(full)];
  const grown = [...b].map(([key, { size, count: n }]) => ({
    key,
    size: (size - (a.get(key)?.size ?? 0)) / count,
    count: (n - (a.get(key)?.count ?? 0)) / count,
  }));
  const total = grown.reduce((sum, g) => sum + g.size, 0);
  console.log(`\nlive heap per stream: ${(total / 1024).toFixed(2)} KB`);
  for (const g of grown.sort((x, y) => y.size - x.size).slice(0, 30)) {
    console.log(`${g.size.toFixed(0).padStart(7)} B ${g.count.toFixed(2).padStart(7)} objects  ${g.key}`);
  }
} finally {
  await server.stop();
  await db.stop();
}
process.exit(0);
