import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { freePort, startEmbeddedPostgres } from "../scripts/lib/embedded-db";
import { migrate } from "../scripts/lib/migrations";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
  }
}

/**
 * One PostgreSQL for the whole run (embedded in a temp dir unless DATABASE_URL is set) and one migrated
 * template database; every test file then gets a fresh copy of it (test/setup-db.ts).
 */
export default async function setup(project: TestProject) {
  let stop = async () => {};
  let baseUrl = process.env.DATABASE_URL;
  let tempDir: string | undefined;
  if (!baseUrl) {
    tempDir = mkdtempSync(path.join(tmpdir(), "parley-test-"));
    const server = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "pg"), port: await freePort(), database: "postgres" });
    baseUrl = server.url;
    stop = server.stop;
  }
  const template = `parley_template_${process.pid}`;
  await admin(baseUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${template}`);
    await client.query(`CREATE DATABASE ${template}`);
  });
  const templateUrl = withDatabase(baseUrl, template);
  await migrate({ databaseUrl: templateUrl, createIfChanged: false });
  project.provide("templateDatabaseUrl", templateUrl);

  return async () => {
    await stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function admin(url: string, fn: (client: pg.Client) => Promise<void>) {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
