// Where a Parley server's CPU time went, by who caused it: `tsx scripts/bench/profile-summary.ts <file.cpuprofile>…`
// (profiles from `npm run bench -- --cpu-prof <dir>`). Each sample is charged to the nearest frame on its
// stack that belongs to a package or to Parley's own source (bundled chunks are mapped back through their
// source maps), so time in Node internals (sockets, web streams, crypto) goes to whoever called them.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
const root = "/work/main";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const GROUPS: [RegExp, string][] = [
  [/node_modules\/(next-auth|@auth\/core|jose|oauth4webapi|@panva)\//, "Auth.js (next-auth, jose)"],
  [/node_modules\/(@prisma|\.prisma)\//, "Prisma client"],
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-types|pg-connection-string)\//, "pg driver (with its socket I/O)"],
  [/node_modules\/(next|@next|react|react-dom)\//, "Next.js (routing, request/response, streams)"],
  [/node_modules\/zod\//, "zod"],
  [/node_modules\/@modelcontextprotocol\//, "MCP SDK"],
  [/(^|\/)(lib|app)\/[^/]+/, "Parley (lib/, app/)"],
  [/node_modules\//, "other packages"],
];

const maps = new Map<string, SourceMap | null>();

/** The original source of a frame in a bundled server chunk, via the chunk's source map. */
function originalSource(frame: CallFrame): string {
  const file = frame.url.replace(/^file:\/\//, "");
  const chunk = file.match(/\.next\/server\/(.*\.js)$/)?.[1];
  if (!chunk) return file;
  if (!maps.has(chunk)) {
    const mapFile = path.join(root, ".next", "server", `${chunk}.map`);
    maps.set(chunk, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, "utf8"))) : null);
  }
  const entry = maps.get(chunk)?.findEntry(frame.lineNumber, frame.columnNumber) as
    | { originalSource?: string }
    | undefined;
  return entry?.originalSource ?? file;
}

function groupOf(frame: CallFrame, cache: Map<CallFrame, string | null>): string | null {
  if (!cache.has(frame)) {
    const source = frame.url ? originalSource(frame) : "";
    cache.set(frame, GROUPS.find(([pattern]) => pattern.test(source))?.[1] ?? null);
  }
  return cache.get(frame) ?? null;
}

function summarize(file: string): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const cache = new Map<CallFrame, string | null>();
  const totals = new Map<string, number>();
  let idle = 0;
  for (const [i, id] of profile.samples.entries()) {
    const micros = profile.timeDeltas[i] ?? 0;
    const leaf = nodes.get(id)!.callFrame;
    if (leaf.functionName === "(idle)") {
      idle += micros;
      continue;
    }
    let group: string | null = leaf.functionName === "(garbage collector)" ? "garbage collection" : null;
    for (let at: number | undefined = id; !group && at !== undefined; at = parent.get(at))
      group = groupOf(nodes.get(at)!.callFrame, cache);
    group ??= leaf.functionName === "(program)" ? "V8 (compiler, runtime)" : "Node.js core (no caller known)";
    if (group === process.env.G) {
      let who = "?";
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const f = nodes.get(at)!.callFrame;
        const src = f.url ? originalSource(f) : "";
        if (/(^|\/)(lib|app)\/[^/]+/.test(src) && !src.includes("node_modules")) { who = src.replace(/.*?((lib|app)\/)/, "$1") + ":" + f.functionName; break; }
      }
      totals.set(who, (totals.get(who) ?? 0) + micros);
      continue;
    }
    totals.set(group, (totals.get(group) ?? 0) + micros);
  }
  const busy = [...totals.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${path.basename(file)}: busy ${(busy / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s`);
  for (const [group, micros] of [...totals].sort((a, b) => b[1] - a[1])) {
    console.log(
      `  ${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${(micros / 1e3).toFixed(0).padStart(7)} ms  ${group}`,
    );
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile>…");
  process.exit(1);
}
for (const file of files) summarize(file);
