import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "../scripts/lib/embedded-db";
import { migrate } from "../scripts/lib/migrations";

/**
 * A fresh, migrated database named `name` for a test run: on the server in DATABASE_URL, or on an
 * embedded PostgreSQL started in a temp directory (stopped and removed by `close`).
 */
export async function openTestDatabase(name: string): Promise<{ url: string; close(): Promise<void> }> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!serverUrl) {
    const tempDir = mkdtempSync(path.join(tmpdir(), "parley-test-"));
    const server = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "pg"), port: await freePort(), database: "postgres" });
    serverUrl = server.url;
    stopServer = async () => {
      await server.stop();
      rmSync(tempDir, { recursive: true, force: true });
    };
  }
  await admin(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = withDatabase(serverUrl, name);
  await migrate({ databaseUrl: url, createIfChanged: false });
  return { url, close: stopServer };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs `fn` with a connection to the server's maintenance database (for CREATE/DROP DATABASE). */
export async function admin(url: string, fn: (client: pg.Client) => Promise<void>) {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
