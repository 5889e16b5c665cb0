import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// One client per process, kept across hot reloads in development. Created on first use, so that
// `next build` can import modules that use it without a database.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; parleyPool?: pg.Pool };

/**
 * The process's connection pool, shared by Prisma and by the few hot-path statements that go to `pg`
 * directly (a send, a rate-limit check), where the query engine would cost more than the SQL.
 */
export function pool(): pg.Pool {
  if (globalForPrisma.parleyPool) return globalForPrisma.parleyPool;
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. Start Parley with `npm start`, which provides one, or set it yourself.");
  }
  globalForPrisma.parleyPool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
  // A pooled connection that drops while idle is replaced on next use; it must not crash the process.
  globalForPrisma.parleyPool.on("error", () => {});
  return globalForPrisma.parleyPool;
}

function client(): PrismaClient {
  globalForPrisma.prisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return globalForPrisma.prisma;
}

export const db = new Proxy({} as PrismaClient, {
  get: (_, property) => Reflect.get(client(), property),
});
