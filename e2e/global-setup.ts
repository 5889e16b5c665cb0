import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "../scripts/lib/embedded-db";
import { migrate } from "../scripts/lib/migrations";
import { admin, withDatabase } from "../test/global-setup";
import { startAppServer } from "../test/app-server";
import { E2E_ADMIN } from "./admin-account";

/** A fresh database and the production server on E2E_PORT for the browser tests. */
export default async function globalSetup() {
  let stopDb = async () => {};
  let baseUrl = process.env.DATABASE_URL;
  let tempDir: string | undefined;
  if (!baseUrl) {
    tempDir = mkdtempSync(path.join(tmpdir(), "parley-e2e-"));
    const server = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "pg"), port: await freePort(), database: "postgres" });
    baseUrl = server.url;
    stopDb = server.stop;
  }
  const database = `parley_e2e_${process.pid}`;
  await admin(baseUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${database}`);
    await client.query(`CREATE DATABASE ${database}`);
  });
  const databaseUrl = withDatabase(baseUrl, database);
  await migrate({ databaseUrl, createIfChanged: false });
  process.env.E2E_DATABASE_URL = databaseUrl;
  const app = await startAppServer(
    { DATABASE_URL: databaseUrl, ADMIN_EMAILS: E2E_ADMIN.email, HEARTBEAT_INTERVAL_SECONDS: "2" },
    Number(process.env.E2E_PORT ?? 3100),
  );

  return async () => {
    await app.stop();
    await stopDb();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
}
