// What `npm start`, `npm run dev`, the test runner and the benchmarks share: a database (embedded unless
// DATABASE_URL is set) with migrations applied, an auth secret, and a production build.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-db";
import { migrate } from "./migrations";

export const root = path.resolve(import.meta.dirname, "../..");
export const dataDir = path.join(root, ".data");

export type Database = { url: string; stop(): Promise<void>; embedded: boolean };

/** DATABASE_URL when set, else the embedded PostgreSQL with its data under .data/postgres. */
export async function openDatabase({ migrateSchema = true } = {}): Promise<Database> {
  const external = process.env.DATABASE_URL;
  const db: Database = external
    ? { url: external, stop: async () => {}, embedded: false }
    : {
        ...(await startEmbeddedPostgres({
          dataDir: path.join(dataDir, "postgres"),
          port: Number(process.env.EMBEDDED_PG_PORT ?? 5433),
        })),
        embedded: true,
      };
  if (migrateSchema) {
    try {
      const { applied } = await migrate({ databaseUrl: db.url, createIfChanged: false });
      for (const name of applied) console.log(`parley: applied migration ${name}`);
    } catch (err) {
      await db.stop();
      throw err;
    }
  }
  return db;
}

/**
 * For one-shot commands (`npm run admin`, `npm run purge`): runs `command` against the database (without
 * migrating it), prints its failure as `parley <name>: …`, closes everything and exits 0 or 1.
 */
export async function runDomainCommand(name: string, command: () => Promise<void>): Promise<never> {
  const database = await openDatabase({ migrateSchema: false });
  let code = 0;
  try {
    // Set before the command imports the domain: it reads its configuration once, on import.
    process.env.DATABASE_URL = database.url;
    await command();
  } catch (err) {
    console.error(`parley ${name}: ${err instanceof Error ? err.message : String(err)}`);
    code = 1;
  } finally {
    const { db } = await import("../../lib/platform/db");
    await db.$disconnect().catch(() => {});
    await database.stop();
  }
  process.exit(code);
}

/** AUTH_SECRET from the environment, else one generated once and kept in .data/auth-secret. */
export function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

// Everything the production build is made from: a change to any of these rebuilds on the next start.
const SOURCES = [
  "app",
  "components",
  "lib",
  "prisma",
  "public",
  "next.config.ts",
  "proxy.ts",
  "instrumentation.ts",
  "postcss.config.mjs",
  "package.json",
  "tsconfig.json",
];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/** Builds the standalone server unless a build newer than every source file is there already. */
export async function ensureBuild(extraEnv: Record<string, string> = {}): Promise<string> {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const stale = SOURCES.some((entry) => newestMtime(path.join(root, entry)) > builtAt);
  const server = path.join(root, ".next", "standalone", "server.js");
  if (stale || !existsSync(server)) {
    console.log("parley: building the app (once per change)…");
    await run("npx", ["next", "build"], { env: { ...process.env, ...extraEnv, NEXT_TELEMETRY_DISABLED: "1" } });
    // The standalone server serves static files and public/ only from beside itself.
    cpSync(path.join(root, ".next", "static"), path.join(root, ".next", "standalone", ".next", "static"), {
      recursive: true,
    });
    if (existsSync(path.join(root, "public")))
      cpSync(path.join(root, "public"), path.join(root, ".next", "standalone", "public"), { recursive: true });
  }
  return server;
}

export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: options.env ?? process.env });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () =>
      reject(new Error(`Port ${port} is in use: stop whatever runs there or start ${what} with PORT=<another port>`)),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}
