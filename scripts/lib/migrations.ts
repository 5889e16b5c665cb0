// Prisma Migrate without Prisma's native schema-engine binary (which the CLI downloads from a host
// that is not always reachable): the same engine compiled to WebAssembly, talking to PostgreSQL
// through @prisma/adapter-pg. It reads and writes the normal prisma/migrations folder and the normal
// _prisma_migrations table, so `prisma migrate deploy` elsewhere agrees with it.

import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlQueryable,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";
import pg from "pg";

// The folder that holds prisma/: the checkout (this file is in scripts/lib/) or, in the container image,
// /app (the commands are bundled into /app/ops/).
const ROOT = [1, 2]
  .map((up) => path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../".repeat(up)))
  .find((dir) => existsSync(path.join(dir, "prisma", "schema.prisma"))) ?? process.cwd();
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };
const LOCK_FILE = "migration_lock.toml";

export interface MigrateOptions {
  databaseUrl: string;
  /** A migration name: create a migration first when the schema differs from the migrations. */
  createIfChanged?: string | false;
  /** Create the migration even if it drops data (the engine warns about it). */
  acceptDataLoss?: boolean;
  schemaPath?: string;
  migrationsDir?: string;
}

export async function migrate(opts: MigrateOptions): Promise<{ applied: string[]; created?: string }> {
  const schemaPath = path.resolve(opts.schemaPath ?? path.join(ROOT, "prisma/schema.prisma"));
  const migrationsDir = path.resolve(opts.migrationsDir ?? path.join(ROOT, "prisma/migrations"));
  const schema = { files: [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }] };

  const { SchemaEngine } = await loadEngine();
  const withEngine = async <T>(use: (engine: SchemaEngine) => Promise<T>): Promise<T> => {
    const factory = new PgMigrationFactory(opts.databaseUrl);
    const bound = bindMigrationAwareSqlAdapterFactory(factory);
    try {
      // The callback receives the engine's log lines; errors come back as rejections instead.
      const engine = await SchemaEngine.new(
        { datamodels: schema.files.map((f) => [f.path, f.content]) },
        () => undefined,
        bound,
      );
      try {
        return await use(engine);
      } finally {
        engine.free();
      }
    } catch (error) {
      // Errors thrown in JS reach the engine as "External error id#N": put the real one back.
      const message = errorMessage(error).replace(/External error id#(\d+)/g, (text, id: string) => {
        const original = bound.errorRegistry.consumeError(Number(id))?.error;
        return original === undefined ? text : errorMessage(original);
      });
      throw new Error(message);
    } finally {
      await factory.close();
    }
  };

  const applied: string[] = [];
  const apply = async (engine: SchemaEngine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrations(migrationsDir),
      filters: NO_FILTER,
    });
    applied.push(...appliedMigrationNames);
  };

  runningMigrations++;
  try {
    if (!opts.createIfChanged) {
      await withEngine(apply);
      return { applied };
    }
    const migrationName = slugify(opts.createIfChanged);

    // The `prisma migrate dev` sequence, minus its prompts.
    const diagnose = async (engine: SchemaEngine) => {
      const { action } = await engine.devDiagnostic({
        migrationsList: await readMigrations(migrationsDir),
        filters: NO_FILTER,
      });
      if (action.tag === "reset") {
        throw new Error(`The database must be reset before migrating: ${action.reason}`);
      }
    };
    const createIfChanged = async (engine: SchemaEngine): Promise<string | undefined> => {
      const loss = await engine.evaluateDataLoss({
        migrationsList: await readMigrations(migrationsDir),
        schema,
        filters: NO_FILTER,
      });
      if (loss.unexecutableSteps.length > 0) {
        throw new Error(`The schema change cannot be applied: ${messages(loss.unexecutableSteps)}`);
      }
      if (loss.warnings.length > 0 && !opts.acceptDataLoss) {
        throw new Error(
          `The schema change would lose data: ${messages(loss.warnings)} (accept it with --accept-data-loss)`,
        );
      }
      if (loss.migrationSteps === 0) return undefined;

      const result = await engine.createMigration({
        migrationName,
        draft: false,
        migrationsList: await readMigrations(migrationsDir),
        schema,
        filters: NO_FILTER,
      });
      if (result.migrationScript === null) return undefined;
      const dir = path.join(migrationsDir, result.generatedMigrationName);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, `migration.${result.extension}`), result.migrationScript);
      // Same text as `prisma migrate dev` writes.
      await writeFile(
        path.join(migrationsDir, LOCK_FILE),
        "# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\n" +
          `provider = "${result.connectorType}"\n`,
      );
      await apply(engine);
      return result.generatedMigrationName;
    };

    let created = await withEngine(async (engine) => {
      await diagnose(engine);
      await apply(engine);
      return applied.length === 0 ? createIfChanged(engine) : null;
    });
    // An engine that has applied migrations can no longer reach the shadow database ("PostgreSQL
    // shadow DB must be provided through an external factory"), and evaluateDataLoss() only can
    // after devDiagnostic(): so a new engine, diagnosed again. Not nested: the first one holds
    // the migration advisory lock.
    if (created === null) {
      created = await withEngine(async (engine) => {
        await diagnose(engine);
        return createIfChanged(engine);
      });
    }
    return created ? { applied, created } : { applied };
  } finally {
    if (--runningMigrations === 0) clearEngineTimers();
  }
}

// ---- the WebAssembly engine ----

type EngineModule = typeof import("@prisma/schema-engine-wasm");
let enginePromise: Promise<EngineModule> | undefined;

// The package's entry does `import * as wasm from "./schema_engine_bg.wasm"`, which Node 20 cannot
// load, so do what it does by hand: instantiate the .wasm against the JS glue, once per process.
function loadEngine(): Promise<EngineModule> {
  enginePromise ??= (async () => {
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const imports: WebAssembly.ModuleImports = { ...glue };
    const setTimeoutImport = Object.keys(imports).find((key) => key.startsWith("__wbg_setTimeout_"));
    if (setTimeoutImport) imports[setTimeoutImport] = trackedSetTimeout;
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue as unknown as EngineModule;
  })();
  return enginePromise;
}

// The engine arms timeouts (its 10 s advisory-lock wait, and others) that it never clears, which
// kept finished scripts alive for up to a minute: track them and clear them after the last migrate().
const engineTimers = new Set<NodeJS.Timeout>();
let runningMigrations = 0;

function trackedSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    engineTimers.delete(timer);
    callback();
  }, ms >>> 0);
  engineTimers.add(timer);
  return timer;
}

function clearEngineTimers(): void {
  for (const timer of engineTimers) clearTimeout(timer);
  engineTimers.clear();
}

// ---- the database connection the engine uses ----

class PgMigrationFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  private readonly config: pg.ClientConfig;
  private readonly schema: string | undefined;
  private readonly open = new Set<SqlDriverAdapter>();

  constructor(databaseUrl: string) {
    // Let pg parse the URL (sslmode etc. as the app's own pg does), then pass discrete fields:
    // with a connectionString, adapter-pg's shadow database would connect to the main database.
    const parsed = new pg.Client({ connectionString: databaseUrl });
    this.config = {
      host: parsed.host,
      port: parsed.port,
      user: parsed.user,
      password: parsed.password ?? undefined,
      database: parsed.database,
      ssl: parsed.ssl,
    };
    // Prisma's `?schema=` means the search_path too (the engine creates its table unqualified).
    this.schema = new URL(databaseUrl).searchParams.get("schema") ?? undefined;
    if (this.schema) this.config.options = `-c search_path=${this.schema}`;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.track(await this.adapter(this.config.database as string));
  }

  // adapter-pg's own version drops the shadow database before closing the pool that still uses it
  // ("database is being accessed by other users"), so: create, connect, close the pool, drop.
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await this.admin(`CREATE DATABASE "${name}"`);
    const adapter = await this.adapter(name);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await this.admin(`DROP DATABASE IF EXISTS "${name}"`);
    };
    return this.track(adapter);
  }

  /** Disposes whatever the engine left open. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.open].map((adapter) => adapter.dispose()));
  }

  private async adapter(database: string): Promise<SqlDriverAdapter> {
    // No idle timeout: the engine's advisory lock lives on one pooled connection; closing it idle
    // would let a concurrent migrator in.
    const factory = new PrismaPg({ ...this.config, database, idleTimeoutMillis: 0 }, { schema: this.schema });
    return patchAdapter(await factory.connect());
  }

  private track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    this.open.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (!this.open.delete(adapter)) return; // pool.end() throws when called twice
      await dispose();
    };
    return adapter;
  }

  private async admin(sql: string): Promise<void> {
    const client = new pg.Client(this.config);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

const CHAR_OID = 18; // PostgreSQL's internal one-byte "char" (pg_constraint.contype, ...)
const TEXT_OID = 25;

interface PgInternals {
  performIO(query: SqlQuery): Promise<pg.QueryResult>;
  onError(error: unknown): never;
  underlyingDriver(): pg.Pool;
}

// Two fixes on adapter-pg 7.10's adapter, which was written for the query engine, not this one:
// - its queryRaw rejects "char" columns, which the engine's catalog queries return and expects as
//   Character: its performIO() reports them as text, then queryRaw's result is corrected;
// - its executeScript() splits scripts at every ";" (breaking `DO $$ ... $$` or ';' in strings) and
//   runs the pieces one by one: send the whole script at once instead, which PostgreSQL also runs
//   as one implicit transaction, as the native engine does.
function patchAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const internals = adapter as unknown as PgInternals;
  if (![internals.performIO, internals.onError, internals.underlyingDriver].every((f) => typeof f === "function")) {
    throw new Error("@prisma/adapter-pg internals changed: update scripts/lib/migrations.ts");
  }
  patchCharColumns(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => patchCharColumns(await startTransaction(isolationLevel));
  adapter.executeScript = async (script) => {
    try {
      await internals.underlyingDriver().query(script);
    } catch (error) {
      internals.onError(error); // rethrows it as a DriverAdapterError the engine can report
    }
  };
  return adapter;
}

function patchCharColumns<T extends SqlQueryable>(queryable: T): T {
  const internals = queryable as unknown as PgInternals;
  const performIO = internals.performIO.bind(queryable);
  const charColumns = new WeakMap<SqlQuery, number[]>();
  internals.performIO = async (query) => {
    const result = await performIO(query);
    const indexes: number[] = [];
    result.fields.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        indexes.push(i);
      }
    });
    if (indexes.length > 0) charColumns.set(query, indexes);
    return result;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const i of charColumns.get(query) ?? []) resultSet.columnTypes[i] = ColumnTypeEnum.Character;
    return resultSet;
  };
  return queryable;
}

// ---- helpers ----

// What the CLI sends: every directory with its migration.sql (or the read error), sorted by name.
async function readMigrations(baseDir: string): Promise<MigrationList> {
  const lockContent = await readFile(path.join(baseDir, LOCK_FILE), "utf8").catch(() => null);
  const entries = existsSync(baseDir) ? await readdir(baseDir, { withFileTypes: true }) : [];
  const dirs = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  dirs.sort((a, b) => a.localeCompare(b));
  return {
    baseDir,
    lockfile: { path: LOCK_FILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      dirs.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(baseDir, dir, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (error: Error) => ({ tag: "error" as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}

// `prisma migrate dev --name` turns "Add userRoles!" into "add_user_roles".
function slugify(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/([a-z\d])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z\d]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

function messages(feedback: { message: string }[]): string {
  return feedback.map((f) => f.message.trim()).join("; ");
}

// Engine errors end with a Rust span trace ("   0: sql_schema_connector::...") that only helps
// engine developers, apart from the name of the migration that failed.
function errorMessage(error: unknown): string {
  const message =
    error instanceof Error ? error.message : ((error as { message?: string })?.message ?? JSON.stringify(error));
  const [head, trace = ""] = message.split(/\n\s+0: /);
  const text = head.replace(/^external connector error\n/, "").trim();
  const migration = /migration_name="([^"]+)"/.exec(trace)?.[1];
  return migration ? `Migration ${migration} failed: ${text}` : text;
}
