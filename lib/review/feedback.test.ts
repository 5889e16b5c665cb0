import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";
import { eventually } from "@/test/eventually";

let app: AppServer;
const adminUser = uniqueUser("Admin");
let admin: ParleyClient;
beforeAll(async () => {
  // Receivers run on loopback here: allowed as an operator allows receivers on the server's own network.
  app = await startAppServer({ WEBHOOK_RETRY_BASE_MS: "100", WEBHOOK_POLL_INTERVAL_MS: "100", WEBHOOK_ALLOW_HOSTS: "127.0.0.1" });
  admin = new ParleyClient(app.url);
  await admin.signUp(adminUser); // the first account of this file's database: an admin
});
afterAll(() => app?.stop());

async function person(name = "Pat") {
  const client = new ParleyClient(app.url);
  await client.signUp(uniqueUser(name));
  return client;
}

/** A room with a person, an agent in it, and one agent reply to rate. */
async function agentReply(body = "Here is my answer") {
  const owner = await person("Rater");
  const roomId = (await owner.json("POST", "/api/rooms", { name: "feedback" })).body.room.id as string;
  const agent = await connectAgent(owner, roomId, `bot${Math.random().toString(36).slice(2, 6)}`);
  const sent = await fetch(`${app.url}/api/agent/rooms/${roomId}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
    body: JSON.stringify({ body, usage: { input_tokens: 120, output_tokens: 30, latency_ms: 850, model: "test-model" } }),
  }).then((r) => r.json());
  await agent.mcp.close();
  return { owner, roomId, agent, messageId: sent.message.id as string };
}

const rate = (client: ParleyClient, messageId: string, body: unknown) => client.json("PUT", `/api/messages/${messageId}/feedback`, body);

describe("rating agent replies", () => {
  it("creates, replaces and removes one feedback per person and message", async () => {
    const { owner, roomId, messageId } = await agentReply();
    expect((await rate(owner, messageId, { rating: "up" })).body.feedback).toMatchObject({ rating: "up", comment: null });
    expect((await rate(owner, messageId, { rating: "down", comment: "Wrong year" })).body.feedback).toMatchObject({ rating: "down", comment: "Wrong year" });
    const mine = await owner.json("GET", `/api/rooms/${roomId}/feedback`);
    expect(mine.body.feedback).toEqual([{ messageId, rating: "down", comment: "Wrong year" }]);
    expect((await rate(owner, messageId, { rating: null })).body.feedback).toBeNull();
    expect((await owner.json("GET", `/api/rooms/${roomId}/feedback`)).body.feedback).toEqual([]);
  });

  it("refuses non-members (404), people's messages (422) and bad input (422)", async () => {
    const { owner, roomId, messageId } = await agentReply();
    const stranger = await person();
    expect((await rate(stranger, messageId, { rating: "up" })).status).toBe(404);
    expect((await rate(new ParleyClient(app.url), messageId, { rating: "up" })).status).toBe(401);
    const own = await owner.json("POST", `/api/rooms/${roomId}/messages`, { body: "my own words" });
    expect((await rate(owner, own.body.message.id, { rating: "up" })).status).toBe(422);
    expect((await rate(owner, messageId, { rating: "meh" })).status).toBe(422);
    expect((await rate(owner, messageId, { rating: "down", comment: "x".repeat(1001) })).status).toBe(422);
  });
});

describe("admin review", () => {
  it("refuses people who are not admins on every admin API", async () => {
    const normal = await person();
    for (const path of ["/api/admin/feedback", "/api/admin/feedback/export?format=csv", "/api/admin/agents", "/api/admin/webhooks", "/api/admin/rooms?key=a&value=b"]) {
      expect((await normal.json("GET", path)).status, path).toBe(403);
      expect((await new ParleyClient(app.url).json("GET", path)).status, path).toBe(401);
    }
    expect((await normal.json("POST", "/api/admin/webhooks", { url: "http://127.0.0.1:1/x", secret: "s".repeat(16), events: ["message.created"] })).status).toBe(403);
  });

  it("filters, pages by cursor, opens an item in context and marks it reviewed", async () => {
    const { owner, messageId, agent } = await agentReply("The capital of Australia is Sydney");
    await rate(owner, messageId, { rating: "down", comment: "Canberra, actually" });
    const found = await admin.json("GET", `/api/admin/feedback?rating=down&agentId=${agent.agentId}&q=canberra&reviewed=false`);
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    const item = found.body.items[0];
    expect(item).toMatchObject({ rating: "down", comment: "Canberra, actually", message: { body: "The capital of Australia is Sydney" } });

    const context = await admin.json("GET", `/api/admin/feedback/${item.id}`);
    expect(context.body.conversation.find((m: any) => m.rated).body).toBe("The capital of Australia is Sydney");
    const reviewed = await admin.json("PATCH", `/api/admin/feedback/${item.id}`, { reviewed: true, note: "Prompt fixed" });
    expect(reviewed.body.feedback).toMatchObject({ reviewed: true, adminNote: "Prompt fixed" });
    expect((await admin.json("GET", `/api/admin/feedback?agentId=${agent.agentId}&reviewed=false`)).body.items).toHaveLength(0);

    // Keyset pages: three items, two per page, no overlap.
    for (let i = 0; i < 2; i++) {
      const extra = await agentReply();
      await rate(extra.owner, extra.messageId, { rating: "up" });
    }
    const first = await admin.json("GET", "/api/admin/feedback?limit=2");
    const second = await admin.json("GET", `/api/admin/feedback?limit=2&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((f: any) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await admin.json("GET", "/api/admin/feedback?cursor=garbage")).status).toBe(422);

    const summary = (await admin.json("GET", "/api/admin/agents")).body.agents.find((a: any) => a.agent.id === agent.agentId);
    expect(summary).toMatchObject({ down: 1, up: 0, satisfaction: 0, comments: 1, tokens: { input: 120, output: 30 }, latencyMs: { p50: 850, p95: 850 } });
  });

  it("exports the filtered feedback as CSV with commas, quotes and newlines escaped, and as JSON", async () => {
    const tricky = 'He said "no", then\nleft, =SUM(A1)';
    const a = await agentReply("answer, with a comma");
    await rate(a.owner, a.messageId, { rating: "down", comment: tricky });
    const b = await agentReply();
    await rate(b.owner, b.messageId, { rating: "up", comment: "fine" });

    const res = await admin.fetch(`/api/admin/feedback/export?format=csv&rating=down&roomId=${a.roomId}`);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const csv = await res.text();
    const rows = parseCsv(csv);
    expect(rows[0].slice(0, 4)).toEqual(["id", "created_at", "rating", "comment"]);
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(rows[0].map((name, i) => [name, rows[1][i]]));
    expect(row).toMatchObject({ rating: "down", comment: tricky, message_body: "answer, with a comma", room_id: a.roomId });

    const json = await (await admin.fetch(`/api/admin/feedback/export?format=json&rating=up&roomId=${b.roomId}`)).json();
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ rating: "up", comment: "fine" });
    const none = await (await admin.fetch("/api/admin/feedback/export?format=json&roomId=nothing")).json();
    expect(none).toEqual([]);
  });
});

/** RFC 4180 reader for the test; the leading apostrophe on formula-like text is part of the value. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows.map((r) => r.map((v) => (v.startsWith("'=") ? v.slice(1) : v)));
}

describe("webhooks", () => {
  type Received = { headers: IncomingMessage["headers"]; body: string };
  async function receiver(respond: (n: number) => number) {
    const received: Received[] = [];
    let calls = 0;
    const server: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        calls++;
        const status = respond(calls);
        if (status < 300) received.push({ headers: req.headers, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    return { url, received, calls: () => calls, close: () => new Promise((r) => server.close(r)) };
  }

  const secret = "whsec_test_0123456789abcdef";
  const waitUntil = async (check: () => boolean, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it("signs each delivery with HMAC-SHA256 over t.body", async () => {
    const hook = await receiver(() => 200);
    const created = await admin.json("POST", "/api/admin/webhooks", { url: hook.url, secret, events: ["feedback.created", "feedback.negative"] });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(secret);
    const { owner, messageId } = await agentReply();
    await rate(owner, messageId, { rating: "down", comment: "bad" });
    await waitUntil(() => hook.received.length >= 2);

    const events = hook.received.map((r) => JSON.parse(r.body).event).sort();
    expect(events).toEqual(["feedback.created", "feedback.negative"]);
    for (const { headers, body } of hook.received) {
      const [, t, v1] = String(headers["parley-signature"]).match(/^t=(\d+),v1=([0-9a-f]{64})$/) ?? [];
      expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
      expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(60);
    }
    await admin.json("PATCH", `/api/admin/webhooks/${created.body.webhook.id}`, { active: false });
    await hook.close();
  });

  it("retries a receiver that fails three times and delivers exactly once when it recovers", async () => {
    const hook = await receiver((n) => (n <= 3 ? 503 : 200));
    const created = await admin.json("POST", "/api/admin/webhooks", { url: hook.url, secret, events: ["metadata.updated"] });
    const { owner, roomId } = await agentReply();
    await owner.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { status: "escalated" } });
    await waitUntil(() => hook.received.length === 1);
    await new Promise((r) => setTimeout(r, 1000)); // nothing more may arrive
    expect(hook.calls()).toBe(4);
    expect(hook.received).toHaveLength(1);
    expect(JSON.parse(hook.received[0].body)).toMatchObject({ event: "metadata.updated", data: { room_id: roomId, set: { status: "escalated" } } });

    const log = await admin.json("GET", `/api/admin/webhooks/${created.body.webhook.id}/deliveries`);
    expect(log.body.deliveries).toMatchObject([{ status: "succeeded", attempts: 4, lastStatusCode: 200 }]);
    await admin.json("POST", `/api/admin/webhooks/deliveries/${log.body.deliveries[0].id}/resend`);
    await waitUntil(() => hook.received.length === 2);
    await admin.json("DELETE", `/api/admin/webhooks/${created.body.webhook.id}`);
    await hook.close();
  });

  it("sends a signed test event on request, even to a paused webhook not subscribed to anything that happened", async () => {
    const hook = await receiver(() => 200);
    const created = await admin.json("POST", "/api/admin/webhooks", { url: hook.url, secret, events: ["message.created"], active: false });
    const id = created.body.webhook.id as string;
    const sent = await admin.json("POST", `/api/admin/webhooks/${id}/test`);
    expect(sent.status).toBe(202);
    expect(sent.body.delivery).toMatchObject({ event: "webhook.test", status: "pending" });
    await waitUntil(() => hook.received.length === 1);
    const { headers, body } = hook.received[0];
    expect(headers["parley-event"]).toBe("webhook.test");
    expect(JSON.parse(body)).toMatchObject({ event: "webhook.test", data: { webhook_id: id } });
    const [, t, v1] = String(headers["parley-signature"]).match(/^t=(\d+),v1=([0-9a-f]{64})$/) ?? [];
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
    const log = await eventually(
      async () => (await admin.json("GET", `/api/admin/webhooks/${id}/deliveries`)).body.deliveries,
      (deliveries) => deliveries[0]?.status === "succeeded",
    );
    expect(log).toMatchObject([{ event: "webhook.test", status: "succeeded", lastStatusCode: 200 }]);

    expect((await admin.json("POST", "/api/admin/webhooks/no-such-hook/test")).status).toBe(404);
    const normal = await person("Nosy");
    expect((await normal.json("POST", `/api/admin/webhooks/${id}/test`)).status).toBe(403);
    expect((await new ParleyClient(app.url).json("POST", `/api/admin/webhooks/${id}/test`)).status).toBe(401);
    await admin.json("DELETE", `/api/admin/webhooks/${id}`);
    await hook.close();
  });

  it("reports every invalid field of a new webhook at once", async () => {
    const res = await admin.json("POST", "/api/admin/webhooks", { url: "not a url", secret: "short", events: [] });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["events", "secret", "url"]);
  });

  it("does not follow a redirect, even to an allowed receiver: the delivery records the 3xx", async () => {
    const target = await receiver(() => 200);
    const redirecting = createServer((_req, res) => res.writeHead(307, { location: target.url }).end());
    await new Promise<void>((r) => redirecting.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/hook`;
    const created = await admin.json("POST", "/api/admin/webhooks", { url, secret, events: ["metadata.updated"] });
    expect(created.status).toBe(201);
    const { owner, roomId } = await agentReply();
    await owner.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { status: "moved" } });
    const log = await eventually(
      async () => (await admin.json("GET", `/api/admin/webhooks/${created.body.webhook.id}/deliveries`)).body.deliveries,
      (deliveries) => deliveries[0]?.attempts > 0,
    );
    expect(log[0]).toMatchObject({ lastStatusCode: 307, lastError: "HTTP 307" });
    expect(target.calls()).toBe(0);
    await admin.json("DELETE", `/api/admin/webhooks/${created.body.webhook.id}`);
    await new Promise((r) => redirecting.close(r));
    await target.close();
  });
});
