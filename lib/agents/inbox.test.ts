import type { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { callTool, connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";

// The MCP SDK's own client over real HTTP against the production server.
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer({ AGENT_LEASE_SECONDS: "2", AGENT_QUIET_MULTI_MS: "300", SEND_RATE_PER_MINUTE: "10000" });
});
afterAll(() => app?.stop());

async function person() {
  const client = new ParleyClient(app.url);
  await client.signUp(uniqueUser("Pat"));
  return client;
}

/** Acknowledges what the room holds so far (the join notices), so tests see only what they send. */
async function skipHistory(mcp: Client, roomId: string) {
  const { last_seq } = (await callTool(mcp, "get_room_status", { room_id: roomId })).data;
  await callTool(mcp, "ack_messages", { room_id: roomId, up_to_seq: last_seq });
}

async function room(owner: ParleyClient) {
  return (await owner.json("POST", "/api/rooms", { name: "agents" })).body.room.id as string;
}

const say = (client: ParleyClient, roomId: string, body: string) =>
  client.json("POST", `/api/rooms/${roomId}/messages`, { body });

describe("MCP endpoint", () => {
  it("lists the tools and refuses a missing, wrong or revoked token with 401 and a Bearer challenge", async () => {
    const owner = await person();
    const roomId = await room(owner);
    const agent = await connectAgent(owner, roomId);
    const { tools } = await agent.mcp.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        "ack_messages",
        "edit_message",
        "get_attachment",
        "get_history",
        "get_metadata",
        "get_pending_messages",
        "get_room_status",
        "list_rooms",
        "react",
        "send_message",
        "update_metadata",
      ].sort(),
    );
    const rooms = await callTool(agent.mcp, "list_rooms");
    expect(rooms.data.rooms).toMatchObject([{ room_id: roomId, mode: "single" }]);

    const init = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    const post = (authorization?: string) =>
      fetch(`${app.url}/api/mcp`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(authorization && { authorization }),
        },
        body: JSON.stringify(init),
      });
    for (const res of [await post(), await post("Bearer prl_not-a-real-token")]) {
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    await owner.fetch(`/api/agents/${agent.agentId}/tokens/${agent.tokenId}`, { method: "DELETE" });
    expect((await post(`Bearer ${agent.token}`)).status).toBe(401);
  });

  it("wakes a waiting get_pending_messages within moments of a post, with context and an instruction", async () => {
    const owner = await person();
    const roomId = await room(owner);
    const agent = await connectAgent(owner, roomId);
    await skipHistory(agent.mcp, roomId);

    const started = Date.now();
    const waiting = callTool(agent.mcp, "get_pending_messages", { wait_seconds: 20 });
    await new Promise((r) => setTimeout(r, 500));
    const sent = await say(owner, roomId, "are you there?");
    const result = await waiting;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(5000);
    expect(result.data.next_poll_instruction).toMatchObject({
      action: "process_messages",
      message: expect.stringContaining("send_message"),
    });
    expect(result.data.messages).toMatchObject([
      { seq: sent.body.message.seq, body: "are you there?", sender: { kind: "user" } },
    ]);
    // Context is what came before, never a second copy of what was handed out.
    expect(result.data.context[0].recent_messages.map((m: any) => m.body)).not.toContain("are you there?");
  });

  it("tells the agent to poll again when nothing comes, and errors for a room it is not in", async () => {
    const owner = await person();
    const roomId = await room(owner);
    const agent = await connectAgent(owner, roomId);
    await skipHistory(agent.mcp, roomId);
    const idle = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 0 });
    expect(idle.data.messages).toEqual([]);
    expect(idle.data.next_poll_instruction.action).toBe("poll_again");

    const otherRoom = await room(owner);
    const refused = await callTool(agent.mcp, "get_pending_messages", { room_id: otherRoom, wait_seconds: 0 });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain("not a participant");
    const badArgs = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 99 });
    expect(badArgs.isError).toBe(true);
  });

  it("hands an unanswered message out again after its lease expires, and never an answered one", async () => {
    const owner = await person();
    const roomId = await room(owner);
    const agent = await connectAgent(owner, roomId);
    await skipHistory(agent.mcp, roomId);
    await say(owner, roomId, "first question");
    await new Promise((r) => setTimeout(r, 200));

    const handed = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 0 });
    expect(handed.data.messages.map((m: any) => m.body)).toEqual(["first question"]);
    const again = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 0 });
    expect(again.data.messages).toEqual([]); // leased: not handed out twice

    await new Promise((r) => setTimeout(r, 2200));
    const redelivered = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 0 });
    expect(redelivered.data.messages.map((m: any) => m.body)).toEqual(["first question"]);

    const seq = redelivered.data.messages[0].seq;
    const reply = await callTool(agent.mcp, "send_message", {
      room_id: roomId,
      body: "answer",
      reply_to_seq: seq,
      client_id: "r1",
    });
    const retry = await callTool(agent.mcp, "send_message", {
      room_id: roomId,
      body: "answer",
      reply_to_seq: seq,
      client_id: "r1",
    });
    expect(retry.data.message.id).toBe(reply.data.message.id);
    expect(retry.data.created).toBe(false);

    await new Promise((r) => setTimeout(r, 2200));
    const after = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 0 });
    expect(after.data.messages).toEqual([]);
    const history = await owner.json("GET", `/api/rooms/${roomId}/messages`);
    expect(history.body.messages.filter((m: any) => m.body === "answer")).toHaveLength(1);
  });

  it("never moves an agent's cursor past the room's last message, so a wrong ack cannot make it deaf", async () => {
    const owner = await person();
    const roomId = await room(owner);
    const agent = await connectAgent(owner, roomId);
    const { last_seq } = (await callTool(agent.mcp, "get_room_status", { room_id: roomId })).data;
    const acked = await callTool(agent.mcp, "ack_messages", { room_id: roomId, up_to_seq: 100_000 });
    expect(acked.data.cursor).toBe(last_seq);
    await say(owner, roomId, "still heard");
    const pending = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 5 });
    expect(pending.data.messages.map((m: any) => m.body)).toEqual(["still heard"]);
  });

  it("keeps two agents from answering each other unless one @mentions the other", async () => {
    const owner = await person();
    const roomId = await room(owner);
    const alpha = await connectAgent(owner, roomId, "alpha");
    const beta = await connectAgent(owner, roomId, "beta");
    for (const a of [alpha, beta]) await skipHistory(a.mcp, roomId);

    await callTool(alpha.mcp, "send_message", { room_id: roomId, body: "thinking out loud" });
    await new Promise((r) => setTimeout(r, 400));
    expect((await callTool(beta.mcp, "get_pending_messages", { wait_seconds: 0 })).data.messages).toEqual([]);

    await callTool(alpha.mcp, "send_message", { room_id: roomId, body: "@beta what do you think?" });
    const woken = await callTool(beta.mcp, "get_pending_messages", { wait_seconds: 5 });
    expect(woken.data.messages.map((m: any) => m.body)).toEqual(["@beta what do you think?"]);
    expect((await callTool(alpha.mcp, "get_room_status", { room_id: roomId })).data.mode).toBe("multi");
  });
});

describe("agent send limits", () => {
  it("answers 429 with Retry-After over REST, and a tool error over MCP, when an agent sends too fast", async () => {
    const slow = await startAppServer({ AGENT_SEND_RATE_PER_MINUTE: "4" });
    try {
      const owner = new ParleyClient(slow.url);
      await owner.signUp(uniqueUser("Pat"));
      const roomId = (await owner.json("POST", "/api/rooms", { name: "flood" })).body.room.id as string;
      const agent = await connectAgent(owner, roomId);
      const send = () =>
        fetch(`${slow.url}/api/agent/rooms/${roomId}/messages`, {
          method: "POST",
          headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
          body: JSON.stringify({ body: "spam" }),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await send()).status);
      expect(statuses.every((s) => s === 201)).toBe(true);
      const refused = await send();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      const viaMcp = await callTool(agent.mcp, "send_message", { room_id: roomId, body: "more" });
      expect(viaMcp.isError).toBe(true);
      expect(JSON.stringify(viaMcp.content)).toMatch(/Too many messages/);
    } finally {
      await slow.stop();
    }
  });
});

describe("agent REST mirror", () => {
  it("waits, sends and acknowledges with the same token and rules", async () => {
    const owner = await person();
    const roomId = await room(owner);
    const agent = await connectAgent(owner, roomId);
    const rest = (method: string, path: string, body?: unknown) =>
      fetch(`${app.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));

    const { last_seq } = (await callTool(agent.mcp, "get_room_status", { room_id: roomId })).data;
    expect((await rest("POST", `/api/agent/rooms/${roomId}/ack`, { up_to_seq: last_seq })).status).toBe(200);
    const waiting = rest("GET", `/api/agent/pending?room_id=${roomId}&wait_seconds=10`);
    await new Promise((r) => setTimeout(r, 300));
    await say(owner, roomId, "hello over REST");
    const pending = await waiting;
    expect(pending.body.messages.map((m: any) => m.body)).toEqual(["hello over REST"]);

    const sent = await rest("POST", `/api/agent/rooms/${roomId}/messages`, {
      body: "hi!",
      reply_to_seq: pending.body.messages[0].seq,
    });
    expect(sent.status).toBe(201);
    expect(sent.body.message.sender.kind).toBe("agent");
    expect((await rest("POST", `/api/agent/rooms/${roomId}/messages`, { body: "" })).status).toBe(422);
    expect((await rest("GET", "/api/agent/pending?wait_seconds=abc")).status).toBe(422);
    const stranger = await room(owner);
    expect((await rest("POST", `/api/agent/rooms/${stranger}/messages`, { body: "hi" })).status).toBe(404);
  });
});
