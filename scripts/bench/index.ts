// `npm run bench`: Parley against a minimal baseline, in one run, on this machine.
//   --only 1,3   run some scenarios (BENCHMARKS.md is then left alone)
//   --quick      fewer samples and shorter steps, for trying the harness (BENCHMARKS.md left alone)
//   --no-write   print the table only
//   --cpu-prof <dir>  run the Parley servers with V8's CPU profiler; a .cpuprofile per process lands in <dir>
// With DATABASE_URL the run creates (and drops) a throwaway database on that server; otherwise it starts
// an embedded PostgreSQL in a temp directory.
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ParleyClient, uniqueUser } from "../lib/parley-client";
import { ensureBuild } from "../lib/runtime";
import {
  openBenchDatabase,
  PARLEY_BENCH_ENV,
  parleyNodeArgs,
  type ServerProcess,
  startBaseline,
  startParley,
} from "./environment";
import { consoleTable, describeMachine, writeBenchmarksMd } from "./report";
import type { BenchContext, Scenario, ScenarioResult } from "./scenario";
import { agentTasksScenario } from "./scenarios/agent-tasks";
import { agentScenario } from "./scenarios/agent-wakeup";
import { crossInstanceScenario } from "./scenarios/cross-instance";
import { fanOutScenario } from "./scenarios/fanout";
import { hotRoomScenario } from "./scenarios/hot-room";
import { idleMemoryScenario } from "./scenarios/idle-memory";
import { latencyScenario } from "./scenarios/latency";
import { throughputScenario } from "./scenarios/throughput";
import { baselineTarget, parleyTarget } from "./targets";

// A run that has not finished by then is stuck: stop it rather than hang a CI job.
const TIME_LIMIT_MS = 20 * 60_000;
const SCENARIOS: Scenario[] = [
  latencyScenario,
  fanOutScenario,
  throughputScenario,
  hotRoomScenario,
  agentScenario,
  idleMemoryScenario,
  crossInstanceScenario,
  agentTasksScenario,
];

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
  },
});
// V8 writes each server's profile as it exits (Next's server exits on SIGTERM).
if (values["cpu-prof"]) parleyNodeArgs.push("--cpu-prof", `--cpu-prof-dir=${path.resolve(values["cpu-prof"])}`);
const only = values.only ? new Set(values.only.split(",").map(Number)) : null;
const selected = SCENARIOS.filter((s) => !only || only.has(s.id));
const writeReport = !only && !values.quick && !values["no-write"] && !values["cpu-prof"];

const startedAt = Date.now();
const loadAtStart = os.loadavg();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0)} s`;
const log = (line: string) => console.log(line);

const cleanups: (() => Promise<void>)[] = [];
async function cleanUp() {
  for (const stop of cleanups.splice(0).reverse()) await stop().catch(() => {});
}
const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${TIME_LIMIT_MS / 60_000} min; stopping`);
  void cleanUp().finally(() => process.exit(1));
}, TIME_LIMIT_MS);
watchdog.unref();
process.on("SIGINT", () => void cleanUp().finally(() => process.exit(130)));

let failed = false;
try {
  log("bench: production build…");
  await ensureBuild();
  log("bench: database…");
  const db = await openBenchDatabase();
  cleanups.push(db.stop);
  log(`bench: ${db.kind} PostgreSQL ready (${elapsed()}); starting Parley and the baseline…`);
  const started = await Promise.allSettled([startParley(db.url, "Parley"), startBaseline(db.url)]);
  for (const s of started) if (s.status === "fulfilled") cleanups.push(s.value.stop);
  for (const s of started) if (s.status === "rejected") throw s.reason;
  const [parleyServer, baselineServer] = started.map((s) => (s as PromiseFulfilledResult<ServerProcess>).value);
  const owner = new ParleyClient(parleyServer.url);
  await owner.signUp(uniqueUser("bench"));

  const ctx: BenchContext = {
    databaseUrl: db.url,
    parleyServer,
    owner,
    parley: parleyTarget({ url: parleyServer.url, pid: parleyServer.pid, cookie: owner.cookieHeader() }),
    baseline: baselineTarget(baselineServer as ServerProcess),
    bare: baselineTarget({ name: "bare Next route", url: `${parleyServer.url}/api/bench`, pid: parleyServer.pid }),
    scale: values.quick ? 0.3 : 1,
    log,
  };

  const results: ScenarioResult[] = [];
  for (const scenario of selected) {
    log(`\n▶ ${scenario.id}. ${scenario.title} (${elapsed()})`);
    try {
      results.push(await scenario.run(ctx));
    } catch (err) {
      failed = true;
      console.error(`✖ scenario ${scenario.id} failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
    }
  }

  log(`\nbench: done in ${elapsed()}\n`);
  log(consoleTable(results));
  if (writeReport && !failed) {
    const file = writeBenchmarksMd(results, {
      date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      durationSeconds: (Date.now() - startedAt) / 1000,
      machine: await describeMachine(db.url, db.kind, loadAtStart),
      settings: [
        `Parley: the standalone production build as \`npm start\` runs it (\`node --require scripts/node-server.cjs .next/standalone/server.js\`: streams and sends served from \`node:http\` beside Next), one process per instance, database pools of 8 (Prisma), 5 (the hot-path statements) and 1 (read markers); ${Object.entries(
          PARLEY_BENCH_ENV,
        )
          .map(([k, v]) => `\`${k}=${v}\``)
          .join(
            ", ",
          )} (the rate limit is lifted so that it does not cap throughput; the quiet window is the product default); every other setting at its default (\`EVENT_BUS=listen\`).`,
        "Bare Next route: the baseline's work (same SQL through `pg`, pool of 10; same SSE frame) as App Router route handlers under `/api/bench` in Parley's build and process (`scripts/bench/bare-route.ts`, answered only with `BENCH_ROUTES=1`): no auth, no Prisma, no Parley code.",
        "Baseline: `node:http` + `pg` (pool of 10), one statement per message that bumps the room's counter and inserts the message (its own transaction), then one serialised frame written to the room's in-memory SSE responses. No auth, no ordering across concurrent commits, no cross-instance bus.",
        "Client: the benchmark process itself, on the same machine, through a lean `node:http` client (no compression); Parley requests carry a real session cookie. Client, servers and PostgreSQL share the CPU cores.",
      ],
    });
    log(`\nbench: wrote ${file}`);
  }
} catch (err) {
  failed = true;
  console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
} finally {
  await cleanUp();
}
// The embedded PostgreSQL's exit hook resets process.exitCode: exit explicitly.
process.exit(failed ? 1 : 0);
