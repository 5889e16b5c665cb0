import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { agentWait } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";

// mcp-remote is the stdio bridge Claude Desktop runs for remote servers. It is driven here exactly as
// Claude Desktop's config runs it, with the bearer header the Connect Claude panel gives out.
const mcpRemote = createRequire(import.meta.url).resolve("mcp-remote/dist/proxy.js");
let app: AppServer;
let configDir: string;
beforeAll(async () => {
  app = await startAppServer({ AGENT_LEASE_SECONDS: "30" });
  configDir = mkdtempSync(path.join(tmpdir(), "mcp-remote-"));
});
afterAll(async () => {
  await app?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

it("Claude Desktop's bridge: first tool result at once (no hanging GET); wait, wake on a post, reply exactly once; a stopped wait takes nothing", async () => {
  const owner = new ParleyClient(app.url);
  await owner.signUp(uniqueUser("Dana"));
  const roomId = (await owner.json("POST", "/api/rooms", { name: "desktop" })).body.room.id as string;
  const agentId = (await owner.json("POST", "/api/agents", { name: "Claude" })).body.agent.id as string;
  await owner.json("POST", `/api/rooms/${roomId}/participants`, { agentId });
  const { token } = (await owner.json("POST", `/api/agents/${agentId}/tokens`)).body;

  const started = Date.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [mcpRemote, `${app.url}/api/mcp`, "--header", `Authorization:Bearer ${token}`],
    env: { ...process.env, MCP_REMOTE_CONFIG_DIR: configDir } as Record<string, string>,
    stderr: "pipe",
  });
  let bridgeLog = "";
  transport.stderr?.on("data", (d) => (bridgeLog += d));
  const claude = new Client({ name: "claude-desktop-stand-in", version: "1" });
  try {
    await claude.connect(transport);
    const rooms = (await claude.callTool({ name: "list_rooms", arguments: {} })).structuredContent as any;
    // About a second here; the hang this guards against (GET held open) took 16–17 s. The bound is loose
    // because the machine is shared: it tells the two apart without timing the machine.
    expect(Date.now() - started, bridgeLog).toBeLessThan(8000);
    expect(rooms.rooms.map((r: any) => r.room_id)).toEqual([roomId]);
    const status = (await claude.callTool({ name: "get_room_status", arguments: { room_id: roomId } }))
      .structuredContent as any;
    await claude.callTool({ name: "ack_messages", arguments: { room_id: roomId, up_to_seq: status.last_seq } });

    const waiting = claude.callTool(
      { name: "get_pending_messages", arguments: { wait_seconds: 20 } },
      {
        timeout: 40_000,
      },
    );
    await new Promise((r) => setTimeout(r, 500));
    const posted = await owner.json("POST", `/api/rooms/${roomId}/messages`, { body: "hello from the browser" });
    const woken = (await waiting).structuredContent as any;
    expect(woken.messages.map((m: any) => m.body)).toEqual(["hello from the browser"]);

    const args = {
      room_id: roomId,
      body: "hello from Claude",
      reply_to_seq: posted.body.message.seq,
      client_id: "desktop-1",
    };
    await claude.callTool({ name: "send_message", arguments: args });
    await claude.callTool({ name: "send_message", arguments: args }); // a retry stays one message
    const idle = (await claude.callTool({ name: "get_pending_messages", arguments: { wait_seconds: 1 } }))
      .structuredContent as any;
    expect(idle.messages).toEqual([]);

    const history = (await owner.json("GET", `/api/rooms/${roomId}/messages`)).body.messages;
    expect(history.filter((m: any) => m.body === "hello from Claude")).toHaveLength(1);
    expect(history.filter((m: any) => m.body === "hello from the browser")).toHaveLength(1);

    // Claude's stop button: the client cancels a waiting call and the bridge passes notifications/cancelled
    // on. The stopped wait must not take the next message (leases last 30 s here).
    const stop = new AbortController();
    const before = await agentWait(agentId, () => true);
    const stopped = claude
      .callTool(
        { name: "get_pending_messages", arguments: { wait_seconds: 20 } },
        { signal: stop.signal, timeout: 40_000 },
      )
      .catch(() => "stopped");
    await agentWait(agentId, (wait) => wait.generation > before.generation); // the wait reached the server
    stop.abort();
    expect(await stopped).toBe("stopped");
    await agentWait(agentId, (wait) => wait.requestId === null); // and so did its cancellation
    await owner.json("POST", `/api/rooms/${roomId}/messages`, { body: "after the stop button" });
    const resumed = Date.now();
    const next = (await claude.callTool({ name: "get_pending_messages", arguments: { wait_seconds: 10 } }))
      .structuredContent as any;
    expect(next.messages.map((m: any) => m.body)).toEqual(["after the stop button"]);
    expect(Date.now() - resumed).toBeLessThan(8000);
  } finally {
    await claude.close();
  }
});
