// Applies prisma/migrations to a throwaway embedded PostgreSQL (temp dir, free port).

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres } from "./embedded-db";
import { migrate } from "./migrations";

describe("migrate", () => {
  it("applies the migrations once, then finds nothing to do", { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "parley-migrations-"));
    const db = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort() });
    try {
      const first = await migrate({ databaseUrl: db.url, createIfChanged: false });
      expect(first.applied.length).toBeGreaterThan(0);
      expect(first.created).toBeUndefined();

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
        );
        const tables = rows.map((row) => row.table_name);
        expect(tables).toEqual(
          expect.arrayContaining(["User", "Room", "Message", "Participant", "_prisma_migrations"]),
        );
        const history = await client.query("SELECT 1 FROM _prisma_migrations WHERE finished_at IS NOT NULL");
        expect(history.rowCount).toBe(first.applied.length);
      } finally {
        await client.end();
      }

      const second = await migrate({ databaseUrl: db.url, createIfChanged: false });
      expect(second.applied).toEqual([]);
    } finally {
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
