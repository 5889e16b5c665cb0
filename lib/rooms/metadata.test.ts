import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { openSse } from "@/scripts/lib/sse-client";
import { callTool, connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";

let app: AppServer;
const adminUser = uniqueUser("Admin");
beforeAll(async () => {
  app = await startAppServer();
  // The first account of this file's fresh database becomes the admin.
  await new ParleyClient(app.url).json("POST", "/api/auth/register", adminUser);
});

async function firstAccount() {
  const client = new ParleyClient(app.url);
  await client.signIn(adminUser);
  return client;
}
afterAll(() => app?.stop());

async function setup() {
  const owner = new ParleyClient(app.url);
  await owner.signUp(uniqueUser("Owner"));
  const roomId = (await owner.json("POST", "/api/rooms", { name: "meta" })).body.room.id as string;
  const patch = (body: unknown, headers: Record<string, string> = {}) =>
    owner
      .fetch(`/api/rooms/${roomId}/metadata`, {
        method: "PATCH",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      })
      .then(async (r) => ({ status: r.status, body: await r.json() }));
  const read = async () => (await owner.json("GET", `/api/rooms/${roomId}/metadata`)).body;
  return { owner, roomId, patch, read };
}

describe("room metadata", () => {
  it("merges top-level keys, deletes only the named ones, and bumps the version", async () => {
    const { patch, read } = await setup();
    expect(await read()).toEqual({ metadata: {}, version: 0, locked: false });
    expect((await patch({ set: { status: "open", priority: 2, customer: { name: "ACME" } } })).body.version).toBe(1);
    const merged = await patch({ set: { status: "escalated" } });
    expect(merged.body).toMatchObject({
      version: 2,
      metadata: { status: "escalated", priority: 2, customer: { name: "ACME" } },
    });
    const deleted = await patch({ delete: ["priority", "not-there"] });
    expect(deleted.body.metadata).toEqual({ status: "escalated", customer: { name: "ACME" } });
  });

  it("refuses a stale If-Match with 412 and changes nothing", async () => {
    const { patch, read } = await setup();
    await patch({ set: { a: 1 } });
    expect((await patch({ set: { a: 2 } }, { "if-match": "1" })).status).toBe(200);
    const stale = await patch({ set: { a: 3 } }, { "if-match": "1" });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe("precondition_failed");
    expect(await read()).toMatchObject({ metadata: { a: 2 }, version: 2 });
  });

  it("refuses oversize objects, bad key names and deep nesting with 422 and changes nothing", async () => {
    const { patch, read } = await setup();
    await patch({ set: { keep: true } });
    const cases = [
      { set: { big: "x".repeat(33 * 1024) } },
      { set: { "bad key!": 1 } },
      { set: { ["k".repeat(65)]: 1 } },
      { delete: [""] },
      { set: { a: { b: { c: { d: { e: { f: 1 } } } } } } },
      {},
    ];
    for (const body of cases) expect((await patch(body)).status, JSON.stringify(body).slice(0, 60)).toBe(422);
    expect(await read()).toMatchObject({ metadata: { keep: true }, version: 1 });
    expect((await patch({ set: { a: { b: { c: { d: { e: 1 } } } } } })).status).toBe(200);
  });

  it("lets the owner make metadata read-only for others", async () => {
    const { owner, roomId, patch } = await setup();
    const member = new ParleyClient(app.url);
    await member.signUp(uniqueUser("Member"));
    const invite = await owner.json("POST", `/api/rooms/${roomId}/invites`);
    await member.json("POST", `/api/invites/${invite.body.token}`);
    expect((await member.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { x: 1 } })).status).toBe(200);
    expect((await member.json("PUT", `/api/rooms/${roomId}/metadata/lock`, { locked: true })).status).toBe(403);
    expect((await owner.json("PUT", `/api/rooms/${roomId}/metadata/lock`, { locked: true })).status).toBe(200);
    expect((await member.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { x: 2 } })).status).toBe(403);
    expect((await patch({ set: { x: 3 } })).status).toBe(200);
    const stranger = new ParleyClient(app.url);
    await stranger.signUp(uniqueUser());
    expect((await stranger.json("GET", `/api/rooms/${roomId}/metadata`)).status).toBe(404);
  });

  it("lets admins, and only admins, find rooms by a metadata key and value", async () => {
    const { owner, roomId, patch } = await setup();
    const marker = `escalated-${Date.now()}`;
    await patch({ set: { status: marker, tier: 7 } });
    const other = await setup();
    await other.patch({ set: { status: "open", tier: "7" } });

    const search = (client: ParleyClient, q: string) => client.json("GET", `/api/admin/rooms?${q}`);
    expect((await search(owner, "key=status&value=escalated")).status).toBe(403);
    expect((await search(new ParleyClient(app.url), "key=status&value=escalated")).status).toBe(401);
    const firstAdmin = await firstAccount();
    const found = await search(firstAdmin, `key=status&value=${marker}`);
    expect(found.body.rooms.map((r: { id: string }) => r.id)).toEqual([roomId]);
    expect((await search(firstAdmin, "key=tier&value=7")).body.rooms.map((r: { id: string }) => r.id)).toEqual([
      roomId,
    ]);
    expect((await search(firstAdmin, "key=bad%20key&value=x")).status).toBe(422);
  });

  it("delivers an agent's update to a person's open stream, and the history records both", async () => {
    const { owner, roomId, patch } = await setup();
    const agent = await connectAgent(owner, roomId, "Scribe");
    const stream = await openSse(owner, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");

    await patch({ set: { status: "open" } });
    const updated = await callTool(agent.mcp, "update_metadata", {
      room_id: roomId,
      set: { status: "resolved", summary: "done" },
      expected_version: 1,
    });
    expect(updated.data).toMatchObject({ version: 2, metadata: { status: "resolved", summary: "done" } });
    const stale = await callTool(agent.mcp, "update_metadata", {
      room_id: roomId,
      set: { status: "x" },
      expected_version: 1,
    });
    expect(stale.isError).toBe(true);
    const badKey = await callTool(agent.mcp, "update_metadata", { room_id: roomId, set: { "no spaces": 1 } });
    expect(badKey.isError).toBe(true);

    const event = await stream.waitFor((e) => e.event === "metadata" && e.data.version === 2);
    expect(event.data).toMatchObject({ actorName: "Scribe", keys: ["status", "summary"] });
    expect((await callTool(agent.mcp, "get_metadata", { room_id: roomId })).data.version).toBe(2);

    const { history } = (await owner.json("GET", `/api/rooms/${roomId}/metadata/history`)).body;
    expect(history).toMatchObject([
      {
        version: 2,
        actor: { name: "Scribe", kind: "agent" },
        before: { status: "open" },
        after: { status: "resolved", summary: "done" },
      },
      { version: 1, actor: { name: "Owner", kind: "user" }, before: {}, after: { status: "open" } },
    ]);

    const rest = await fetch(`${app.url}/api/agent/rooms/${roomId}/metadata`, {
      headers: { authorization: `Bearer ${agent.token}` },
    });
    expect((await rest.json()).metadata.summary).toBe("done");
    stream.close();
  });
});
