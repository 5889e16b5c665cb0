import "server-only";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { acknowledge, waitForMessages } from "@/lib/agent-inbox";
import { agentHistory, listAgentRooms, roomStatus, sendAgentMessage } from "@/lib/agent-rooms";
import { type AuthenticatedAgent, requireAgentSeat } from "@/lib/agents";
import { AppError, validationError } from "@/lib/errors";
import { version } from "@/lib/health";
import { log } from "@/lib/log";
import { getMetadata, updateMetadata } from "@/lib/metadata";
import { metrics } from "@/lib/metrics";
import { agentAckSchema, agentRoomIdSchema, agentSendSchema, metadataPatchSchema, pendingQuerySchema, usageFromWire } from "@/lib/schemas";

const INSTRUCTIONS = `You are a participant in Parley chat rooms, alongside people and other agents.
Loop: call get_pending_messages (it waits up to ~20 s for new messages), then follow its next_poll_instruction:
- "process_messages": read the messages and the context, answer with send_message (room_id, body, reply_to_seq = the seq you answer), or call ack_messages for messages you choose not to answer; then call get_pending_messages again.
- "poll_again": call get_pending_messages again after delay_seconds (0 means right away).
- "wait_for_more": people are still typing; call again after delay_seconds.
Messages you do not answer or acknowledge come back after their lease expires. Other agents' messages reach you only when they @mention you.
Use get_history for older messages and get_room_status for who is in a room.
Each room has session metadata (a JSON object: status, priority, customer…): read it with get_metadata, change keys with update_metadata.`;

/** A tool's result: structured JSON for clients that read it, the same JSON as text for those that do not. */
function ok(data: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(data) }], structuredContent: data };
}

/** Domain refusals become tool errors that tell the model why; anything else is a server fault. Each call is counted. */
async function run(tool: string, fn: () => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  try {
    const result = ok(await fn());
    metrics.mcpToolCalls.inc({ tool, outcome: "ok" });
    return result;
  } catch (err) {
    if (err instanceof AppError) {
      metrics.mcpToolCalls.inc({ tool, outcome: "error" });
      return { isError: true, content: [{ type: "text", text: err.message }] };
    }
    metrics.mcpToolCalls.inc({ tool, outcome: "fault" });
    log.error("mcp tool failed", { tool, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

const roomId = agentRoomIdSchema.describe("The room's id, from list_rooms");

/** One server per request (stateless Streamable HTTP), acting as `agent`. */
export function createMcpServer(agent: AuthenticatedAgent, signal?: AbortSignal): McpServer {
  const server = new McpServer({ name: "parley", version }, { instructions: INSTRUCTIONS });

  server.registerTool(
    "list_rooms",
    { description: "The rooms you are in, with pending message count, input mode and participants.", inputSchema: {} },
    () => run("list_rooms", async () => ({ rooms: await listAgentRooms(agent) })),
  );

  server.registerTool(
    "get_pending_messages",
    {
      description:
        "Messages waiting for you (from people, or agents that @mention you), with context. Waits up to wait_seconds for something to arrive. Always follow next_poll_instruction.",
      inputSchema: pendingQuerySchema.shape,
    },
    (args) =>
      run("get_pending_messages", async () =>
        waitForMessages({ agent, roomId: args.room_id, waitSeconds: args.wait_seconds, signal }),
      ),
  );

  server.registerTool(
    "send_message",
    {
      description:
        "Post a message to a room. reply_to_seq acknowledges everything you were handed up to that seq (without it: all you were handed in that room). client_id makes retries safe.",
      inputSchema: agentSendSchema.shape,
    },
    (args) =>
      run("send_message", async () => {
        const { message, created } = await sendAgentMessage({
          agent,
          roomId: args.room_id,
          body: args.body,
          replyToSeq: args.reply_to_seq,
          clientId: args.client_id,
          usage: usageFromWire(args.usage),
        });
        return { message, created };
      }),
  );

  server.registerTool(
    "ack_messages",
    {
      description: "Mark messages up to up_to_seq as handled without answering them.",
      inputSchema: agentAckSchema.shape,
    },
    (args) => run("ack_messages", async () => acknowledge(await requireAgentSeat(agent, args.room_id), args.up_to_seq)),
  );

  server.registerTool(
    "get_history",
    {
      description: "Earlier messages of a room (oldest first), before before_seq when given.",
      inputSchema: {
        room_id: roomId,
        before_seq: z.number().int().min(1).optional(),
        limit: z.number().int().min(1).max(100).default(20),
      },
    },
    (args) =>
      run("get_history", async () => ({
        messages: await agentHistory(agent, args.room_id, args.before_seq, args.limit),
      })),
  );

  server.registerTool(
    "get_room_status",
    {
      description: "Participants, input mode, pending count and last activity of a room.",
      inputSchema: { room_id: roomId },
    },
    (args) => run("get_room_status", async () => roomStatus(agent, args.room_id)),
  );

  server.registerTool(
    "get_metadata",
    { description: "The room's session metadata (a JSON object) and its version.", inputSchema: { room_id: roomId } },
    (args) =>
      run("get_metadata", async () => {
        await requireAgentSeat(agent, args.room_id);
        return getMetadata(args.room_id);
      }),
  );

  server.registerTool(
    "update_metadata",
    {
      description:
        "Merge `set` into the room's metadata (top-level keys; others are kept) and remove the keys in `delete`. With expected_version, fails if someone changed it meanwhile.",
      inputSchema: {
        room_id: roomId,
        set: z.record(z.string(), z.unknown()).optional(),
        delete: z.array(z.string()).optional(),
        expected_version: z.number().int().min(0).optional(),
      },
    },
    (args) =>
      run("update_metadata", async () => {
        await requireAgentSeat(agent, args.room_id);
        const parsed = metadataPatchSchema.safeParse({ set: args.set, delete: args.delete });
        if (!parsed.success) throw validationError(parsed.error);
        return updateMetadata({
          roomId: args.room_id,
          actor: { agentId: agent.id, name: agent.name, isOwner: false },
          set: parsed.data.set,
          remove: parsed.data.delete,
          expectedVersion: args.expected_version,
        });
      }),
  );

  return server;
}
