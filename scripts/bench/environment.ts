// What a benchmark run stands on: its own PostgreSQL database, the production build, Parley server
// processes and the baseline server process.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { type AppServer, NODE_SERVER_ARGS, startAppServer } from "../../test/app-server";
import { freePort, startEmbeddedPostgres } from "../lib/embedded-db";
import { migrate } from "../lib/migrations";
import { root } from "../lib/runtime";

export type BenchDatabase = { url: string; kind: "embedded" | "external"; stop(): Promise<void> };

/**
 * A fresh database for this run: on an embedded PostgreSQL in a temp directory (on a free port, so it
 * never meets `npm start`'s), or, with DATABASE_URL, a throwaway database created on that server.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL;
  let db: BenchDatabase;
  if (external) {
    const name = `parley_bench_${process.pid}`;
    await adminQuery(external, `CREATE DATABASE ${name}`).catch((err) => {
      throw new Error(
        `Could not create the benchmark database on DATABASE_URL's server (needs CREATEDB): ${err.message}`,
      );
    });
    const url = new URL(external);
    url.pathname = `/${name}`;
    db = {
      url: url.toString(),
      kind: "external",
      stop: () => adminQuery(external, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "parley-bench-"));
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dir, "pg"),
      port: await freePort(),
      database: "parley_bench",
    });
    db = {
      url: server.url,
      kind: "embedded",
      stop: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  try {
    await migrate({ databaseUrl: db.url, createIfChanged: false });
  } catch (err) {
    await db.stop();
    throw err;
  }
  return db;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export type ServerProcess = { name: string; url: string; pid: number; stop(): Promise<void> };

/**
 * A Parley production server. The per-person send rate limit is lifted so it does not cap throughput;
 * the agents' quiet window is pinned to the product default; everything else is left at its default.
 */
export const PARLEY_BENCH_ENV = { SEND_RATE_PER_MINUTE: "10000000", AGENT_QUIET_SINGLE_MS: "100", BENCH_ROUTES: "1" };

/** Extra node flags for Parley servers (--cpu-prof for profiling runs). */
export const parleyNodeArgs: string[] = [];


export async function startParley(
  databaseUrl: string,
  name: string,
  extraEnv: Record<string, string> = {},
  { nextAlone = false } = {},
): Promise<ServerProcess> {
  const server: AppServer = await startAppServer(
    { DATABASE_URL: databaseUrl, ...PARLEY_BENCH_ENV, ...extraEnv },
    undefined,
    [...parleyNodeArgs, ...(nextAlone ? [] : NODE_SERVER_ARGS)],
  );
  return { name, url: server.url, pid: server.process.pid as number, stop: server.stop };
}

export async function startBaseline(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts", "bench", "baseline-server.ts")],
    {
      cwd: root,
      env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, NODE_ENV: "production" },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(child, `${url}/health`);
  return { name: "baseline", url, pid: child.pid as number, stop: () => stopChild(child) };
}

async function waitForHealth(child: ChildProcess, healthUrl: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`baseline server exited (${child.exitCode})`);
    try {
      if ((await fetch(healthUrl)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("baseline server did not start within 90 s");
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 3000).unref();
  });
}

/** Resident set size of a process in KB (Linux /proc, else ps). */
export function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  } catch {
    return Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim());
  }
}

// Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ) on every common platform.
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; NaN where /proc is not available. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** The soft limit on open files this process runs with (Node raises it to the hard limit at start). */
export function openFileLimit(): number {
  try {
    const limits = readFileSync("/proc/self/limits", "utf8");
    const soft = /Max open files\s+(\S+)/.exec(limits)?.[1];
    return soft === "unlimited" ? Number.POSITIVE_INFINITY : Number(soft);
  } catch {
    return Number(execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim());
  }
}
