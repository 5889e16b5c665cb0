import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createTaskSessionFromClient, resultFromTaskOutcome } from "@modelcontextprotocol/ext-tasks/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { callTool, connectAgent, MODERN_CLIENT, modernRpc } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";

// Agents that wait without polling: the 2026-07-28 revision with the Tasks extension, driven by the SDK's
// v2 client and the extension's own requester. Two app instances share the database: a task made on one
// completes on the other after the first is stopped. Leases last 3 s here.
const env = { AGENT_LEASE_SECONDS: "3", SEND_RATE_PER_MINUTE: "10000" };
let first: AppServer;
let second: AppServer;
beforeAll(async () => {
  [first, second] = await Promise.all([startAppServer(env), startAppServer(env)]);
});
afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
});

const { protocolVersion: PROTOCOL, clientInfo, capabilities } = MODERN_CLIENT;
const TASKS = "io.modelcontextprotocol/tasks";
const rpc = (app: AppServer, token: string, method: string, params: Record<string, unknown> = {}) =>
  modernRpc(app.url, token, method, params);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup() {
  const owner = new ParleyClient(first.url);
  const person = uniqueUser("Tess");
  await owner.signUp(person);
  const roomId = (await owner.json("POST", "/api/rooms", { name: "tasks" })).body.room.id as string;
  const agent = await connectAgent(owner, roomId);
  const { last_seq } = (await callTool(agent.mcp, "get_room_status", { room_id: roomId })).data;
  await callTool(agent.mcp, "ack_messages", { room_id: roomId, up_to_seq: last_seq });
  return { owner, person, roomId, token: agent.token };
}

/** The v2 client pinned to 2026-07-28, with the Tasks requester on top (its raw path for task traffic). */
async function modernSession(app: AppServer, token: string) {
  const client = new Client(clientInfo, { versionNegotiation: { mode: { pin: PROTOCOL } }, capabilities });
  await client.connect(
    new StreamableHTTPClientTransport(new URL("/api/mcp", app.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  const session = createTaskSessionFromClient(client, {
    endpointId: app.url,
    rawDispatch: async (request) => {
      const { method, params } = request as { method: string; params?: Record<string, unknown> };
      const { _meta, ...rest } = params ?? {};
      return { jsonrpc: "2.0", id: (request as { id: number }).id, ...(await rpc(app, token, method, rest)) } as never;
    },
    v2RequestFraming: { protocolVersion: PROTOCOL, clientInfo, clientCapabilities: capabilities },
  });
  return { client, session };
}

describe("waiting as a task (MCP 2026-07-28, Tasks extension)", () => {
  it("negotiates 2026-07-28, lists the tools, and a wait returns a task that completes with the person's message", async () => {
    const { owner, roomId, token } = await setup();
    const { client, session } = await modernSession(first, token);
    try {
      expect(client.getNegotiatedProtocolVersion?.() ?? PROTOCOL).toBe(PROTOCOL);
      expect(client.getServerCapabilities()?.extensions?.[TASKS]).toEqual({});
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("get_pending_messages");

      const execution = await session.callTool("get_pending_messages", { room_id: roomId });
      expect(execution.kind).toBe("task");
      await sleep(500);
      const posted = Date.now();
      await owner.json("POST", `/api/rooms/${roomId}/messages`, { body: "wake up, task" });
      const { outcome } = await execution.settle();
      const result = resultFromTaskOutcome(outcome) as { structuredContent: any };
      expect(Date.now() - posted).toBeLessThan(5000);
      expect(result.structuredContent.messages.map((m: any) => m.body)).toEqual(["wake up, task"]);
      expect(result.structuredContent.you.agent_id).toBeTruthy();
      expect(result.structuredContent.next_poll_instruction.action).toBe("process_messages");
    } finally {
      await session.close();
      await client.close();
    }
  });

  it("keeps the task in PostgreSQL: made on one instance, it completes on the other after the first is stopped", async () => {
    const { person: owner, roomId, token } = await setup();
    const created = await rpc(first, token, "tools/call", {
      name: "get_pending_messages",
      arguments: { room_id: roomId },
    });
    expect(created.result).toMatchObject({
      resultType: "task",
      status: "working",
      pollIntervalMs: expect.any(Number),
      ttlMs: expect.any(Number),
    });
    expect(created.result.pollIntervalMs).toBeLessThanOrEqual(500);
    const { taskId } = created.result;
    const other = await setup();

    await first.stop();
    try {
      expect((await rpc(second, token, "tasks/get", { taskId })).result).toMatchObject({ taskId, status: "working" });
      const person = new ParleyClient(second.url);
      await person.signIn(owner);
      await person.json("POST", `/api/rooms/${roomId}/messages`, { body: "after the restart" });
      await sleep(400);
      const done = (await rpc(second, token, "tasks/get", { taskId })).result;
      expect(done.status).toBe("completed");
      expect(done.result.structuredContent.messages.map((m: any) => m.body)).toEqual(["after the restart"]);
      // Another agent cannot read it.
      expect((await rpc(second, other.token, "tasks/get", { taskId })).error?.code).toBe(-32602);
    } finally {
      first = await startAppServer(env);
    }
  });

  it("tasks/cancel ends a task without claiming anything, and a completed task's messages not fetched come back after the lease", async () => {
    const { owner, roomId, token } = await setup();
    const cancelled = (
      await rpc(first, token, "tools/call", { name: "get_pending_messages", arguments: { room_id: roomId } })
    ).result.taskId;
    expect((await rpc(first, token, "tasks/cancel", { taskId: cancelled })).error).toBeUndefined();
    await owner.json("POST", `/api/rooms/${roomId}/messages`, { body: "nobody took me" });
    await sleep(300);
    expect((await rpc(first, token, "tasks/get", { taskId: cancelled })).result.status).toBe("cancelled");

    // A new task takes the message; its client never reads the result. After the lease, it is pending again.
    const taken = (
      await rpc(first, token, "tools/call", { name: "get_pending_messages", arguments: { room_id: roomId } })
    ).result.taskId;
    expect((await rpc(first, token, "tasks/get", { taskId: taken })).result.status).toBe("completed");
    await sleep(3200);
    const again = (
      await rpc(first, token, "tools/call", { name: "get_pending_messages", arguments: { room_id: roomId } })
    ).result.taskId;
    const redelivered = (await rpc(first, token, "tasks/get", { taskId: again })).result;
    expect(redelivered.result.structuredContent.messages.map((m: any) => m.body)).toEqual(["nobody took me"]);
  });

  it("a client without the extension keeps the long-poll", async () => {
    const { owner, roomId, token } = await setup();
    const client = new Client(clientInfo, { versionNegotiation: { mode: { pin: PROTOCOL } } });
    await client.connect(
      new StreamableHTTPClientTransport(new URL("/api/mcp", first.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    try {
      const waiting = client.callTool({
        name: "get_pending_messages",
        arguments: { room_id: roomId, wait_seconds: 10 },
      });
      await sleep(400);
      await owner.json("POST", `/api/rooms/${roomId}/messages`, { body: "long-poll still works" });
      expect(((await waiting).structuredContent as any).messages.map((m: any) => m.body)).toEqual([
        "long-poll still works",
      ]);
    } finally {
      await client.close();
    }
  });
});
