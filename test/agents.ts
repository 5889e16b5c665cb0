import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import pg from "pg";
import type { ParleyClient } from "../scripts/lib/parley-client";
import { eventually } from "./eventually";

/** Creates an agent owned by `owner`, optionally adds it to a room, and connects the MCP SDK's client as it. */
export async function connectAgent(
  owner: ParleyClient,
  roomId: string | null,
  name = `bot${Math.random().toString(36).slice(2, 7)}`,
) {
  const created = await owner.json("POST", "/api/agents", { name });
  if (created.status !== 201) throw new Error(`agent not created: ${JSON.stringify(created.body)}`);
  const agentId = created.body.agent.id as string;
  if (roomId) {
    const added = await owner.json("POST", `/api/rooms/${roomId}/participants`, { agentId });
    if (added.status !== 201) throw new Error(`agent not added: ${JSON.stringify(added.body)}`);
  }
  const { body } = await owner.json("POST", `/api/agents/${agentId}/tokens`);
  const mcp = new Client({ name: "test", version: "1" });
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL("/api/mcp", owner.baseUrl), {
      requestInit: { headers: { authorization: `Bearer ${body.token}` } },
    }),
  );
  return { agentId, name, token: body.token as string, tokenId: body.id as string, mcp };
}

/** Calls a tool; `data` is its structured result. */
export async function callTool(mcp: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await mcp.callTool({ name, arguments: args }, { timeout: 40_000 })) as {
    isError?: boolean;
    content?: unknown;
    structuredContent?: any;
  };
  return { isError: result.isError ?? false, content: result.content, data: result.structuredContent };
}

/** A 2026-07-28 client that declares the Tasks extension. */
export const MODERN_CLIENT = {
  protocolVersion: "2026-07-28",
  clientInfo: { name: "parley-test", version: "1" },
  capabilities: { extensions: { "io.modelcontextprotocol/tasks": {} } },
};

/** One JSON-RPC exchange on the 2026-07-28 revision: the per-request envelope, its headers, the bearer token. */
export async function modernRpc(baseUrl: string, token: string, method: string, params: Record<string, unknown> = {}) {
  const { protocolVersion, clientInfo, capabilities } = MODERN_CLIENT;
  const name = params.taskId ?? params.name;
  const res = await fetch(new URL("/api/mcp", baseUrl), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${token}`,
      "mcp-protocol-version": protocolVersion,
      "mcp-method": method,
      // Routing header: the tool's name on tools/call, the task's id on the task methods.
      ...(typeof name === "string" && { "mcp-name": name }),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: Math.floor(Math.random() * 1e9),
      method,
      params: {
        ...params,
        _meta: {
          "io.modelcontextprotocol/protocolVersion": protocolVersion,
          "io.modelcontextprotocol/clientInfo": clientInfo,
          "io.modelcontextprotocol/clientCapabilities": capabilities,
        },
      },
    }),
  });
  return (await res.json()) as { result?: any; error?: { code: number; message: string } };
}

/**
 * The agent's open wait as the database records it (the app server under test shares DATABASE_URL): the
 * request id a wait carries and how many waits have begun. Tests wait on it instead of sleeping, so that a
 * cancel or a second wait is sent only once the first wait has really reached the server.
 */
async function waitOf(agentId: string): Promise<{ requestId: string | null; generation: number }> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT max("waitRequestId") AS "requestId", coalesce(sum("waitGeneration"), 0)::int AS generation
         FROM "Participant" WHERE "agentId" = $1`,
      [agentId],
    );
    return rows[0];
  } finally {
    await db.end();
  }
}

/** Resolves once the agent's wait state satisfies `done` (polling the database). */
export const agentWait = (agentId: string, done: (wait: { requestId: string | null; generation: number }) => boolean) =>
  eventually(() => waitOf(agentId), done);
