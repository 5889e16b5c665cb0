import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { openSse } from "@/scripts/lib/sse-client";
import { agentWait, callTool, connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";
import { eventually } from "@/test/eventually";

// The agent contract as clients we did not write meet it: cancellation, leases, the tool descriptions a
// model reads, who the agent is, its reply rule, and what people see of it. Leases last 8 s here, so a
// claim that should not have happened shows up as a wait of 8 s; the bounds below tell "at once" from that
// with room to spare on a busy machine.
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer({ AGENT_LEASE_SECONDS: "8", SEND_RATE_PER_MINUTE: "10000" });
});
afterAll(() => app?.stop());

async function person(name = "Pat") {
  const client = new ParleyClient(app.url);
  await client.signUp(uniqueUser(name));
  return client;
}

async function roomWithAgent(agentName?: string) {
  const owner = await person();
  const roomId = (await owner.json("POST", "/api/rooms", { name: "contract" })).body.room.id as string;
  const agent = await connectAgent(owner, roomId, agentName);
  const { last_seq } = (await callTool(agent.mcp, "get_room_status", { room_id: roomId })).data;
  await callTool(agent.mcp, "ack_messages", { room_id: roomId, up_to_seq: last_seq });
  return { owner, roomId, agent };
}

const say = (client: ParleyClient, roomId: string, body: string) =>
  client.json("POST", `/api/rooms/${roomId}/messages`, { body });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw JSON-RPC POST to /api/mcp, as any Streamable HTTP client sends it. */
function rpc(token: string, body: object, signal?: AbortSignal) {
  return fetch(`${app.url}/api/mcp`, {
    method: "POST",
    signal,
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ jsonrpc: "2.0", ...body }),
  });
}

const waitCall = (id: string | number, args: object = { wait_seconds: 20 }) => ({
  id,
  method: "tools/call",
  params: { name: "get_pending_messages", arguments: args },
});

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

describe("the MCP endpoint for clients we did not write", () => {
  it("answers GET and DELETE at once with 405 and Allow: POST, after the token check, and advertises no listChanged", async () => {
    const { agent } = await roomWithAgent();
    for (const method of ["GET", "DELETE"]) {
      expect((await fetch(`${app.url}/api/mcp`, { method })).status).toBe(401);
      const { value: res, ms } = await timed(() =>
        fetch(`${app.url}/api/mcp`, {
          method,
          headers: { authorization: `Bearer ${agent.token}`, accept: "text/event-stream" },
        }),
      );
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
      expect(ms).toBeLessThan(2000);
    }
    expect(agent.mcp.getServerCapabilities()?.tools).toEqual({});
  });

  it("describes every tool for a model: title, annotations, described parameters, output schemas, snake_case results", async () => {
    const { owner, roomId, agent } = await roomWithAgent();
    const { tools } = await agent.mcp.listTools();
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.annotations, tool.name).toMatchObject({
        readOnlyHint: expect.any(Boolean),
        destructiveHint: expect.any(Boolean),
        idempotentHint: expect.any(Boolean),
      });
      // A file comes back as MCP content (an image, text), not structured JSON.
      if (tool.name !== "get_attachment") expect(tool.outputSchema?.type, tool.name).toBe("object");
      for (const [param, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect((schema as { description?: string }).description, `${tool.name}.${param}`).toBeTruthy();
      }
    }
    const sendBody = tools.find((t) => t.name === "send_message")?.inputSchema.properties?.body as {
      description: string;
    };
    expect(sendBody.description).toMatch(/Markdown/);

    // The SDK's client checks each structured result against the tool's output schema; every key is snake_case.
    await say(owner, roomId, "hello there");
    const pending = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 5 });
    const results = [
      pending,
      await callTool(agent.mcp, "send_message", {
        room_id: roomId,
        body: "hi",
        reply_to_seq: pending.data.messages[0].seq,
      }),
      await callTool(agent.mcp, "list_rooms"),
      await callTool(agent.mcp, "get_room_status", { room_id: roomId }),
      await callTool(agent.mcp, "get_history", { room_id: roomId }),
      await callTool(agent.mcp, "update_metadata", { room_id: roomId, set: { status: "open" } }),
      await callTool(agent.mcp, "get_metadata", { room_id: roomId }),
      await callTool(agent.mcp, "ack_messages", { room_id: roomId, up_to_seq: 1 }),
      await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 0 }),
    ];
    for (const result of results) {
      expect(result.isError).toBe(false);
      expect(camelKeys(result.data)).toEqual([]);
    }
    expect(results[1].data.message).toMatchObject({
      room_id: roomId,
      body: "hi",
      kind: "text",
      reply_to_seq: pending.data.messages[0].seq,
    });
    expect(results.at(-1)?.data.next_poll_instruction).toEqual({
      action: "poll_again",
      message: expect.stringMatching(/again now/),
    });

    // The REST mirror speaks the same shape.
    const rest = await fetch(`${app.url}/api/agent/rooms/${roomId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
      body: JSON.stringify({ body: "over REST" }),
    });
    expect(rest.status).toBe(201);
    expect(camelKeys(await rest.json())).toEqual([]);
  });

  it("tells the agent who it is, marks it among the participants, and gives context that cannot mislead", async () => {
    const { owner, roomId, agent } = await roomWithAgent("Scout");
    const rooms = (await callTool(agent.mcp, "list_rooms")).data;
    expect(rooms.you).toEqual({ agent_id: agent.agentId, name: "Scout", handle: "@Scout" });
    expect(rooms.rooms[0].participants.find((p: any) => p.is_you)).toMatchObject({ name: "Scout", kind: "agent" });

    await say(owner, roomId, "first");
    const first = (await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 5 })).data;
    expect(first.you.handle).toBe("@Scout");
    // "Scout joined" is a system notice about the agent, not something it said.
    expect(first.context[0].your_last_message).toBeNull();
    expect(first.context[0].recent_messages.some((m: any) => m.kind === "system")).toBe(true);
    await callTool(agent.mcp, "send_message", {
      room_id: roomId,
      body: "my answer",
      reply_to_seq: first.messages[0].seq,
    });

    await say(owner, roomId, "second");
    const second = (await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 5 })).data;
    expect(second.messages.map((m: any) => m.body)).toEqual(["second"]);
    expect(second.context[0].your_last_message).toMatchObject({ body: "my answer", kind: "text" });
    expect(second.context[0].recent_messages.map((m: any) => m.body)).toEqual(
      expect.arrayContaining(["first", "my answer"]),
    );
    expect(second.context[0].recent_messages.map((m: any) => m.body)).not.toContain("second");
  });
});

describe("a wait that is abandoned claims nothing", () => {
  it("after notifications/cancelled, the next wait gets the message at once, not after the lease", async () => {
    const { owner, roomId, agent } = await roomWithAgent();
    const abandoned = rpc(agent.token, waitCall("wait-1"));
    await agentWait(agent.agentId, (wait) => wait.requestId === "wait-1");
    const cancelled = await rpc(agent.token, {
      method: "notifications/cancelled",
      params: { requestId: "wait-1", reason: "stop" },
    });
    expect(cancelled.status).toBe(202);
    await say(owner, roomId, "after the stop button");
    await sleep(300);
    const { value, ms } = await timed(() => callTool(agent.mcp, "get_pending_messages", { wait_seconds: 10 }));
    expect(value.data.messages.map((m: any) => m.body)).toEqual(["after the stop button"]);
    expect(ms).toBeLessThan(4000);
    // The cancelled call itself hands nothing out.
    const old = await (await abandoned).json();
    expect(old.result.structuredContent.messages).toEqual([]);
  });

  it("after the client aborts the request, the next wait gets the message at once", async () => {
    const { owner, roomId, agent } = await roomWithAgent();
    const aborter = new AbortController();
    const before = await agentWait(agent.agentId, () => true);
    const abandoned = rpc(agent.token, waitCall(7), aborter.signal).catch(() => null);
    await agentWait(agent.agentId, (wait) => wait.generation > before.generation);
    aborter.abort();
    await abandoned;
    await say(owner, roomId, "after the abort");
    const { value, ms } = await timed(() => callTool(agent.mcp, "get_pending_messages", { wait_seconds: 10 }));
    expect(value.data.messages.map((m: any) => m.body)).toEqual(["after the abort"]);
    expect(ms).toBeLessThan(4000);
  });

  it("a newer wait of the same agent supersedes an older one that is still open", async () => {
    const { owner, roomId, agent } = await roomWithAgent();
    const older = rpc(agent.token, waitCall("older")).then((r) => r.json());
    const { generation } = await agentWait(agent.agentId, (wait) => wait.requestId === "older");
    const newer = callTool(agent.mcp, "get_pending_messages", { wait_seconds: 10 });
    await agentWait(agent.agentId, (wait) => wait.generation > generation);
    await say(owner, roomId, "who takes this?");
    expect((await newer).data.messages.map((m: any) => m.body)).toEqual(["who takes this?"]);
    expect((await older).result.structuredContent.messages).toEqual([]);
  });

  it("a waiting call wakes when a lease runs out, not when its own wait ends", async () => {
    const { owner, roomId, agent } = await roomWithAgent();
    await say(owner, roomId, "answer me");
    const handed = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 5 });
    expect(handed.data.count).toBe(1);
    // The agent "crashed": nobody answers. A new wait gets the message when the 8 s lease runs out, not
    // when its own 20 s end.
    const { value, ms } = await timed(() => callTool(agent.mcp, "get_pending_messages", { wait_seconds: 20 }));
    expect(value.data.messages.map((m: any) => m.body)).toEqual(["answer me"]);
    expect(ms).toBeLessThan(14_000);
  });
});

describe("what people see and decide", () => {
  it("the room's owner sets an agent to answer only @mentions, and pending follows it", async () => {
    const { owner, roomId, agent } = await roomWithAgent("Echo");
    const seat = (await owner.json("GET", `/api/rooms/${roomId}`)).body.room.participants.find(
      (p: any) => p.kind === "agent",
    );
    expect(seat.replyRule).toBe("all");

    const member = await person("Max");
    const invite = (await owner.json("POST", `/api/rooms/${roomId}/invites`)).body;
    await member.json("POST", `/api/invites/${invite.token}`);
    const path = `/api/rooms/${roomId}/participants/${seat.id}`;
    expect((await member.json("PATCH", path, { replyRule: "mentions" })).status).toBe(403);
    expect((await owner.json("PATCH", path, { replyRule: "sometimes" })).status).toBe(422);
    expect((await owner.json("PATCH", path, { replyRule: "mentions" })).status).toBe(200);
    expect(
      (await owner.json("GET", `/api/rooms/${roomId}`)).body.room.participants.find((p: any) => p.id === seat.id)
        .replyRule,
    ).toBe("mentions");
    const skip = (await callTool(agent.mcp, "get_room_status", { room_id: roomId })).data;
    expect(skip.reply_rule).toBe("mentions");
    await callTool(agent.mcp, "ack_messages", { room_id: roomId, up_to_seq: skip.last_seq });

    await say(owner, roomId, "just chatting among people");
    await say(member, roomId, "@echo what do you think?");
    await sleep(2300); // multi mode's quiet window
    const pending = (await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 0 })).data;
    expect(pending.messages.map((m: any) => m.body)).toEqual(["@echo what do you think?"]);
    expect(pending.context[0].reply_rule).toBe("mentions");
  });

  it("shows the agent working on a reply from handout to reply, live on the room stream", async () => {
    const { owner, roomId, agent } = await roomWithAgent();
    const stream = await openSse(owner, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready"); // agent_working is live only, never replayed
    try {
      await say(owner, roomId, "please think about this");
      const handedAt = Date.now();
      const handed = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 5 });
      const working = await stream.waitFor((e) => e.event === "agent_working" && e.data.until !== null);
      expect(Date.now() - handedAt).toBeLessThan(5000); // at handout, not when the 8 s lease runs out
      expect(working.data).toMatchObject({ name: agent.name });
      const during = (await owner.json("GET", `/api/rooms/${roomId}`)).body.room.participants.find(
        (p: any) => p.kind === "agent",
      );
      expect(Date.parse(during.workingUntil)).toBeGreaterThan(Date.now());

      await callTool(agent.mcp, "send_message", {
        room_id: roomId,
        body: "done",
        reply_to_seq: handed.data.messages[0].seq,
      });
      await stream.waitFor((e) => e.event === "agent_working" && e.data.until === null);
      const after = (await owner.json("GET", `/api/rooms/${roomId}`)).body.room.participants.find(
        (p: any) => p.kind === "agent",
      );
      expect(after.workingUntil).toBeNull();
    } finally {
      stream.close();
    }
  });

  it("shows the agent online while it waits, and offline at once when its token is revoked", async () => {
    const { owner, roomId, agent } = await roomWithAgent();
    const agentSeat = async () =>
      (await owner.json("GET", `/api/rooms/${roomId}`)).body.room.participants.find((p: any) => p.kind === "agent");
    const waiting = callTool(agent.mcp, "get_pending_messages", { wait_seconds: 3 });
    await eventually(agentSeat, (seat) => seat.online);

    const stream = await openSse(owner, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready"); // presence is live only, never replayed
    try {
      await owner.fetch(`/api/agents/${agent.agentId}/tokens/${agent.tokenId}`, { method: "DELETE" });
      await stream.waitFor((e) => e.event === "presence" && e.data.online === false);
      expect(await agentSeat()).toMatchObject({ online: false, lastSeenAt: expect.any(String) });
    } finally {
      stream.close();
    }
    await waiting;
  });
});

/** Every object key in a value that is not snake_case (metadata values excepted: they are the room's data). */
function camelKeys(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => camelKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) => [
    ...(/^[a-z0-9_]+$/.test(key) ? [] : [`${path}.${key}`]),
    ...(key === "metadata" ? [] : camelKeys(v, `${path}.${key}`)),
  ]);
}
