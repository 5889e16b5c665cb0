import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/platform/env";

// One client and one set of pools per process, kept across hot reloads in development. Created on first
// use, so that `next build` can import modules that use them without a database.
const globalForDb = globalThis as unknown as {
  prisma?: PrismaClient;
  parleyPools?: { main?: pg.Pool; hot?: pg.Pool; relaxed?: pg.Pool };
};
const pools = (globalForDb.parleyPools ??= {});

/** A pool of `max` connections, each of which runs `settings` (a SET statement) before its first query. */
function createPool(max: number, settings?: string): pg.Pool {
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. Start Parley with `npm start`, which provides one, or set it yourself.");
  }
  // A SET rather than a startup parameter, which connection poolers such as PgBouncer refuse; run before the
  // pool hands the connection out, so it never overlaps the first query.
  const created = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max,
    onConnect: settings ? (client) => client.query(settings) : undefined,
  });
  // A pooled connection that drops while idle is replaced on next use; it must not crash the process.
  created.on("error", () => {});
  return created;
}

/** A unique constraint refused the write: PostgreSQL's 23505 through `pg`, Prisma's P2002 through its client. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === "23505" || code === "P2002";
}

/** The process's connection pool: Prisma's, and `pg`'s for the occasional statement Prisma cannot write. */
export const pool = (): pg.Pool => (pools.main ??= createPool(8));

/**
 * The statements every request, send or stream start runs (the person, the rate limit, the message insert,
 * the room's input mode) go straight to `pg`, where the query engine would cost more than the SQL, as named
 * prepared statements planned once per connection (plan_cache_mode=force_generic_plan): left to choose,
 * PostgreSQL planned the batch insert again on every send, which took longer than running it.
 */
export const hotPool = (): pg.Pool => (pools.hot ??= createPool(5, "SET plan_cache_mode = force_generic_plan"));

/**
 * Writes that a crash may lose without harm (read markers, written one statement at a time): their commits
 * do not wait for the disk (synchronous_commit=off). Each would otherwise be one more WAL flush per send,
 * and the next message's commit would queue behind it.
 */
export const relaxedPool = (): pg.Pool => (pools.relaxed ??= createPool(1, "SET synchronous_commit = off"));

function client(): PrismaClient {
  globalForDb.prisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return globalForDb.prisma;
}

export const db = new Proxy({} as PrismaClient, {
  get: (_, property) => Reflect.get(client(), property),
});
