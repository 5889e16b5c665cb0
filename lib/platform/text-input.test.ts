import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { callTool, connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";

// PostgreSQL refuses NUL in text and JSON, and unpaired surrogates in JSON: every text input answers 422
// naming the field (lib/platform/schemas.ts `text()`), never 500.
let app: AppServer;
let admin: ParleyClient;
beforeAll(async () => {
  app = await startAppServer();
  admin = new ParleyClient(app.url);
  await admin.signUp(uniqueUser("Admin"));
});
afterAll(() => app?.stop());

const BAD = { nul: "a\u0000b", "lone surrogate": "\ud800 x", "lone low surrogate": "x \udc00" };

async function expect422(res: Promise<{ status: number; body: any }>, field: string, what: string) {
  const { status, body } = await res;
  expect(status, `${what}: ${JSON.stringify(body)}`).toBe(422);
  expect(Object.keys(body.error.fields ?? {}), what).toContain(field);
  expect(body.error.message, what).toContain(field);
}

describe("text with NUL characters or unpaired surrogates", () => {
  it("is refused with 422 naming the field on every person-facing input", async () => {
    const person = new ParleyClient(app.url);
    await person.signUp(uniqueUser("Pat"));
    const roomId = (await person.json("POST", "/api/rooms", { name: "inputs" })).body.room.id as string;
    const agent = await connectAgent(person, roomId, "Helper");
    const reply = await fetch(`${app.url}/api/agent/rooms/${roomId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
      body: JSON.stringify({ body: "an answer" }),
    }).then((r) => r.json());
    const webhook = (await admin.json("POST", "/api/admin/webhooks", { url: "https://93.184.216.34/h", secret: "s".repeat(16), events: ["message.created"], active: false }))
      .body.webhook;

    for (const [kind, bad] of Object.entries(BAD)) {
      const cases: [string, Promise<{ status: number; body: any }>, string][] = [
        ["register name", new ParleyClient(app.url).json("POST", "/api/auth/register", { ...uniqueUser(), name: bad }), "name"],
        ["room name", person.json("POST", "/api/rooms", { name: bad }), "name"],
        ["room rename", person.json("PATCH", `/api/rooms/${roomId}`, { name: bad }), "name"],
        ["message", person.json("POST", `/api/rooms/${roomId}/messages`, { body: bad }), "body"],
        ["client id", person.json("POST", `/api/rooms/${roomId}/messages`, { body: "fine", clientId: bad }), "clientId"],
        ["metadata value", person.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { status: bad } }), "set.status"],
        ["nested metadata value", person.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { a: { b: ["ok", bad] } } }), "set.a.b.1"],
        ["metadata key", person.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { [bad]: 1 } }), `set.${bad}`],
        ["nested metadata key", person.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { a: { [bad]: 1 } } }), "set.a"],
        ["metadata delete", person.json("PATCH", `/api/rooms/${roomId}/metadata`, { delete: [bad] }), "delete.0"],
        ["feedback comment", person.json("PUT", `/api/messages/${reply.message.id}/feedback`, { rating: "down", comment: bad }), "comment"],
        ["agent name", person.json("POST", "/api/agents", { name: bad }), "name"],
        ["agent description", person.json("POST", "/api/agents", { name: "Fine", description: bad }), "description"],
        ["webhook secret", admin.json("POST", "/api/admin/webhooks", { url: "https://93.184.216.34/h", secret: `${bad}${"s".repeat(16)}`, events: ["message.created"] }), "secret"],
        ["webhook url", admin.json("PATCH", `/api/admin/webhooks/${webhook.id}`, { url: `https://93.184.216.34/${bad}` }), "url"],
        // Query strings cannot carry unpaired surrogates (they decode to U+FFFD); NUL they can.
        ["admin search value", admin.json("GET", "/api/admin/rooms?key=status&value=a%00b"), "value"],
        ["admin feedback search", admin.json("GET", "/api/admin/feedback?q=a%00b"), "q"],
      ];
      for (const [what, res, field] of cases) await expect422(res, field, `${what} (${kind})`);

      // The agent REST mirror.
      const asAgent = (method: string, path: string, body: unknown) =>
        fetch(`${app.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, body: await r.json() }));
      await expect422(asAgent("POST", `/api/agent/rooms/${roomId}/messages`, { body: bad }), "body", `agent message (${kind})`);
      await expect422(asAgent("POST", `/api/agent/rooms/${roomId}/messages`, { body: "fine", usage: { model: bad } }), "usage.model", `agent usage (${kind})`);
      await expect422(asAgent("PATCH", `/api/agent/rooms/${roomId}/metadata`, { set: { status: bad } }), "set.status", `agent metadata (${kind})`);

      // MCP tools: a tool error that names the argument.
      for (const [tool, args, field] of [
        ["send_message", { room_id: roomId, body: bad }, "body"],
        ["send_message", { room_id: roomId, body: "fine", client_id: bad }, "client_id"],
        ["get_room_status", { room_id: bad }, "room_id"],
        ["update_metadata", { room_id: roomId, set: { status: bad } }, "set.status"],
      ] as const) {
        const result = await callTool(agent.mcp, tool, args);
        expect(result.isError, `${tool} ${field} (${kind})`).toBe(true);
        expect(JSON.stringify(result.content), `${tool} ${field} (${kind})`).toContain(field);
      }
    }

    // Ids in paths and OAuth forms cannot name anything with a NUL: not found, not a failed query.
    for (const [method, path] of [
      ["GET", "/api/rooms/a%00b"],
      ["GET", "/api/rooms/a%00b/messages"],
      ["PUT", "/api/messages/a%00b/feedback"],
      ["DELETE", "/api/oauth/grants/a%00b"],
    ]) {
      expect((await person.json(method, path, method === "PUT" ? { rating: "up" } : undefined)).status, path).toBe(404);
    }
    const token = await fetch(`${app.url}/api/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=authorization_code&client_id=a%00b&code=x",
    });
    expect(token.status).toBe(401);

    // Nothing was stored, and well-formed text (surrogate pairs included) still is.
    const { messages } = (await person.json("GET", `/api/rooms/${roomId}/messages`)).body;
    expect(messages.filter((m: { kind: string }) => m.kind === "text").map((m: { body: string }) => m.body)).toEqual(["an answer"]);
    expect((await person.json("POST", `/api/rooms/${roomId}/messages`, { body: "👍 done" })).status).toBe(201);
    expect((await person.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { mood: "🙂" } })).status).toBe(200);
    await agent.mcp.close();
  });
});
