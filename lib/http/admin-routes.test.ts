import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { openSse } from "@/scripts/lib/sse-client";
import { type AppServer, startAppServer } from "@/test/app-server";

let app: AppServer;
const adminUser = uniqueUser("Admin");
beforeAll(async () => {
  app = await startAppServer({ HEARTBEAT_INTERVAL_SECONDS: "1" });
  await new ParleyClient(app.url).signUp(adminUser); // first account: admin
});
afterAll(() => app?.stop());

/** Every admin API route in the source tree, with the methods it exports, so new ones are covered too. */
function adminRoutes(): { path: string; methods: string[] }[] {
  const root = path.resolve(import.meta.dirname, "../../app/api/admin");
  const found: { path: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const source = readFileSync(full, "utf8");
        const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) =>
          new RegExp(`export (const|async function|function) ${m}\\b|as ${m}\\b`).test(source),
        );
        const rel = path.relative(path.resolve(root, "../.."), dir).split(path.sep).join("/");
        found.push({ path: `/${rel.replace(/\[\.{0,3}[^\]]+\]/g, "x")}`, methods });
      }
    }
  };
  walk(root);
  return found;
}

describe("admin routes", () => {
  it("refuse a signed-in normal user (403/404) and a signed-out caller (401), for every method of every route", async () => {
    const routes = adminRoutes();
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(["/api/admin/events", "/api/admin/audit", "/api/admin/rooms"]));
    const user = new ParleyClient(app.url);
    await user.signUp(uniqueUser("Normal"));
    const anonymous = new ParleyClient(app.url);
    for (const route of routes) {
      for (const method of route.methods) {
        const body = method === "GET" || method === "DELETE" ? undefined : {};
        const asUser = await user.fetch(`${route.path}?key=status&value=x&format=json`, {
          method,
          headers: body ? { "content-type": "application/json", origin: app.url } : {},
          body: body && JSON.stringify(body),
        });
        expect([403, 404], `${method} ${route.path} as a user: ${asUser.status}`).toContain(asUser.status);
        await asUser.body?.cancel();
        const signedOut = await anonymous.fetch(route.path, { method, headers: body ? { "content-type": "application/json" } : {}, body: body && "{}" });
        expect([401, 404], `${method} ${route.path} signed out: ${signedOut.status}`).toContain(signedOut.status);
        await signedOut.body?.cancel();
      }
    }
  });

  it("and the admin pages do not exist for a normal user", async () => {
    const user = new ParleyClient(app.url);
    await user.signUp(uniqueUser("Curious"));
    for (const page of ["/admin", "/admin/system", "/admin/audit", "/admin/rooms"]) {
      expect((await user.fetch(page)).status, page).toBe(404);
    }
    const admin = new ParleyClient(app.url);
    await admin.signIn(adminUser);
    for (const page of ["/admin/system", "/admin/audit"]) expect((await admin.fetch(page)).status, page).toBe(200);
  });
});

describe("the admin stream", () => {
  it("gives a late joiner the last heartbeat at once, then one per interval", async () => {
    const admin = new ParleyClient(app.url);
    await admin.signIn(adminUser);
    const roomId = (await admin.json("POST", "/api/rooms", { name: "beating" })).body.room.id as string;
    await admin.json("POST", `/api/rooms/${roomId}/messages`, { body: "activity" });
    const t0 = Date.now();
    const stream = await openSse(admin, "/api/admin/events");
    const first = await stream.waitFor((e) => e.event === "heartbeat", 5000);
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(Object.keys(first.data)).toEqual(
      expect.arrayContaining(["uptime_seconds", "connected_clients", "total_events", "active_sessions", "server"]),
    );
    expect(first.data.server).toMatchObject({ version: expect.any(String), instance: expect.any(String) });
    const next = await stream.waitFor((e) => e.event === "heartbeat" && e.data.at !== first.data.at, 5000);
    expect(next.data.connected_clients).toBeGreaterThanOrEqual(1);
    expect(next.data.total_events).toBeGreaterThanOrEqual(1);
    expect(next.data.active_sessions).toEqual(
      expect.arrayContaining([expect.objectContaining({ room_id: roomId, name: "beating", participants: 1, status: "active", last_activity: expect.any(String) })]),
    );
    stream.close();
  });
});

describe("the audit log", () => {
  it("records token creation and revocation and shows them to admins", async () => {
    const owner = new ParleyClient(app.url);
    const ownerUser = await owner.signUp(uniqueUser("Tok"));
    const agentId = (await owner.json("POST", "/api/agents", { name: "Audited" })).body.agent.id as string;
    const token = (await owner.json("POST", `/api/agents/${agentId}/tokens`)).body;
    expect((await owner.fetch(`/api/agents/${agentId}/tokens/${token.id}`, { method: "DELETE" })).status).toBe(204);

    const admin = new ParleyClient(app.url);
    await admin.signIn(adminUser);
    const { entries } = (await admin.json("GET", "/api/admin/audit?limit=200")).body;
    const mine = entries.filter((e: { actor: { userId: string } }) => e.actor.userId === ownerUser.id).map((e: { action: string }) => e.action);
    expect(mine).toEqual(expect.arrayContaining(["agent.token_created", "agent.token_revoked", "auth.signin"]));
    expect(JSON.stringify(entries)).not.toContain(token.token);
  });
});
