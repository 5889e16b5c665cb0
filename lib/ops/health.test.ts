import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgres, freePort, startEmbeddedPostgres } from "@/scripts/lib/embedded-db";
import { migrate } from "@/scripts/lib/migrations";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";

const HEALTH_TOKEN = "health-token-for-tests-0123456789";

describe("GET /api/health", () => {
  let app: AppServer;
  const admin = uniqueUser("Admin");
  beforeAll(async () => {
    app = await startAppServer({ HEALTH_TOKEN });
    await new ParleyClient(app.url).signUp(admin); // the file's first account: an admin
  });
  afterAll(() => app?.stop());

  it("tells anyone the status, uptime, version and storage, and nothing more", async () => {
    const res = await new ParleyClient(app.url).json("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["status", "storage", "uptime_seconds", "version"]);
    expect(res.body).toMatchObject({ status: "ok", storage: { status: "ok" } });
    expect(res.body.storage.latency_ms).toBeGreaterThanOrEqual(0);
    expect(typeof res.body.uptime_seconds).toBe("number");
    expect(typeof res.body.version).toBe("string");

    const user = new ParleyClient(app.url);
    await user.signUp(uniqueUser("Plain"));
    expect(Object.keys((await user.json("GET", "/api/health")).body)).not.toContain("connections");
    const wrongToken = await new ParleyClient(app.url).fetch("/api/health", { headers: { authorization: "Bearer not-the-token-at-all" } });
    expect(Object.keys(await wrongToken.json())).not.toContain("queue_depths");
  });

  it("adds open streams, active rooms, their participants and agent queues for admins and HEALTH_TOKEN", async () => {
    const owner = new ParleyClient(app.url);
    await owner.signUp(uniqueUser("Owner"));
    const roomId = (await owner.json("POST", "/api/rooms", { name: "busy" })).body.room.id as string;
    const agent = await connectAgent(owner, roomId, "Helper");
    // The agent acknowledges the join notices, then two questions wait for it.
    const { lastSeq } = (await owner.json("GET", `/api/rooms/${roomId}`)).body.room;
    await fetch(`${app.url}/api/agent/rooms/${roomId}/ack`, {
      method: "POST",
      headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
      body: JSON.stringify({ up_to_seq: lastSeq }),
    });
    await owner.json("POST", `/api/rooms/${roomId}/messages`, { body: "first question" });
    await owner.json("POST", `/api/rooms/${roomId}/messages`, { body: "second question" });
    const stream = await owner.fetch(`/api/rooms/${roomId}/events`);

    const signedInAdmin = new ParleyClient(app.url);
    await signedInAdmin.signIn(admin);
    const byAdmin = (await signedInAdmin.json("GET", "/api/health")).body;
    const byToken = await (await fetch(`${app.url}/api/health`, { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } })).json();
    for (const health of [byAdmin, byToken]) {
      expect(health).toMatchObject({ status: "ok", storage: { status: "ok" } });
      expect(health.connections).toBeGreaterThanOrEqual(1);
      expect(health.conversations).toBeGreaterThanOrEqual(1);
      expect(health.participants_by_conversation[roomId]).toEqual({ humans: 1, ai_agents: 1 });
      expect(health.queue_depths[roomId]).toBe(2);
    }
    await stream.body?.cancel();
    await agent.mcp.close();
  });
});

describe("a database outage", () => {
  let pg: EmbeddedPostgres;
  let app: AppServer;
  let dataDir: string;
  let port: number;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "parley-outage-"));
    port = await freePort();
    pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port });
    await migrate({ databaseUrl: pg.url, createIfChanged: false });
    app = await startAppServer({ DATABASE_URL: pg.url, HEARTBEAT_INTERVAL_SECONDS: "1" });
  });
  afterAll(async () => {
    await app?.stop();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const health = async () => {
    const res = await fetch(`${app.url}/api/health`);
    return { status: res.status, body: await res.json() };
  };
  async function until(predicate: (h: Awaited<ReturnType<typeof health>>) => boolean, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const h = await health();
      if (predicate(h)) return h;
      if (Date.now() > deadline) throw new Error(`health stayed ${JSON.stringify(h)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it("answers 503 degraded while PostgreSQL is stopped, keeps running, and is back to 200 by itself", async () => {
    const client = new ParleyClient(app.url);
    await client.signUp(uniqueUser("Before"));
    expect((await health()).status).toBe(200);

    await pg.stop();
    const down = await until((h) => h.status === 503, 10_000);
    expect(down.body).toMatchObject({ status: "degraded", storage: { status: "down", latency_ms: null } });
    expect(typeof down.body.uptime_seconds).toBe("number");
    // Requests that need the database fail cleanly meanwhile; the process stays up.
    expect((await client.json("GET", "/api/rooms")).status).toBeGreaterThanOrEqual(500);
    await new Promise((r) => setTimeout(r, 2000)); // heartbeats, presence and the listener hit the outage too
    expect(app.process.exitCode).toBeNull();

    pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port });
    const started = Date.now();
    const up = await until((h) => h.status === 200, 10_000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(up.body).toMatchObject({ status: "ok", storage: { status: "ok" } });
    expect((await client.json("GET", "/api/rooms")).status).toBe(200);
  });
});
