import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// One client per process, kept across hot reloads in development. Created on first use, so that
// `next build` can import modules that use it without a database.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function client(): PrismaClient {
  if (globalForPrisma.prisma) return globalForPrisma.prisma;
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. Start Parley with `npm start`, which provides one, or set it yourself.");
  }
  globalForPrisma.prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL, max: 10 }) });
  return globalForPrisma.prisma;
}

export const db = new Proxy({} as PrismaClient, {
  get: (_, property) => Reflect.get(client(), property),
});
