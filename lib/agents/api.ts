import "server-only";
import { z } from "zod";
import { type AuthenticatedAgent, requireAgentSeat } from "@/lib/agents/agents";
import { readAttachmentForAgent } from "@/lib/agents/files";
import { acknowledge, toAgentMessage, waitForMessages } from "@/lib/agents/inbox";
import { agentHistory, listAgentRooms, roomStatus, sendAgentMessage } from "@/lib/agents/room-actions";
import * as wire from "@/lib/agents/schemas";
import { validationError } from "@/lib/platform/errors";
import { metadataPatchSchema } from "@/lib/platform/schemas";
import { editMessage, messageBySeq } from "@/lib/rooms/message-changes";
import { getMetadata, updateMetadata } from "@/lib/rooms/metadata";
import { setReaction } from "@/lib/rooms/reactions";

/**
 * The agent API: every operation an agent can do, once, in its wire shape. MCP tools (lib/agents/mcp/server.ts)
 * and the REST mirror (app/api/agent/**) are both generated from or call into this table; each operation
 * checks the agent's seat itself.
 */

export type CallContext = {
  /** Aborted when the caller is gone: a wait then returns without claiming anything. */
  signal?: AbortSignal;
  /** The MCP request id, so that notifications/cancelled can find the wait. */
  requestId?: string;
};

type Annotations = { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: false };

type Operation<I extends z.ZodObject, O extends z.ZodObject> = {
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: Annotations;
  run(agent: AuthenticatedAgent, input: z.output<I>, context: CallContext): Promise<z.input<O>>;
};

/** The agent's seat in a room and one of the room's messages by seq (404 for either when missing). */
async function seatAndMessage(agent: AuthenticatedAgent, roomId: string, seq: number) {
  const seat = await requireAgentSeat(agent, roomId);
  return { seat, target: await messageBySeq(seat.roomId, seq) };
}

const operation = <I extends z.ZodObject, O extends z.ZodObject>(op: Operation<I, O>) => op;

const reads: Annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const writes = (idempotent: boolean): Annotations => ({
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: idempotent,
  openWorldHint: false,
});

export const agentOperations = {
  list_rooms: operation({
    title: "List your rooms",
    description:
      "Who you are, and the rooms you are in: their participants (you are marked is_you), input mode, your reply rule and how many messages wait for you.",
    input: wire.roomInput.omit({ room_id: true }),
    output: wire.roomsOutput,
    annotations: reads,
    run: (agent) => listAgentRooms(agent),
  }),

  get_pending_messages: operation({
    title: "Wait for messages",
    description:
      "Returns the messages waiting for you (from people, or from agents that @mention you), with the room's context and who you are. You are handed only messages sent after you joined a room; what came before is context. When nothing is waiting, the call itself waits up to wait_seconds for something to arrive, so call it again right away whenever it returns empty. Always follow next_poll_instruction.",
    input: wire.pendingInput,
    output: wire.pendingOutput,
    // Handing messages out leases them: a second call does not return the same messages.
    annotations: writes(false),
    run: (agent, input, { signal, requestId }) =>
      waitForMessages({ agent, roomId: input.room_id, waitSeconds: input.wait_seconds, signal, requestId }),
  }),

  send_message: operation({
    title: "Send a message",
    description:
      "Posts your message to a room, visible to everyone in it. Set reply_to_seq to the seq you answer: that marks what you were handed as handled. Answer a message that has a thread_root_seq in that thread (pass it as thread_root_seq). Attach files inline as base64. Set client_id to retry safely.",
    input: wire.sendInput,
    output: wire.sendOutput,
    annotations: writes(false),
    run: (agent, input) =>
      sendAgentMessage({
        agent,
        roomId: input.room_id,
        body: input.body,
        replyToSeq: input.reply_to_seq,
        clientId: input.client_id,
        threadRootSeq: input.thread_root_seq,
        alsoToRoom: input.also_to_room,
        files: input.attachments,
        usage: input.usage && {
          inputTokens: input.usage.input_tokens,
          outputTokens: input.usage.output_tokens,
          cacheReadTokens: input.usage.cache_read_input_tokens,
          cacheWriteTokens: input.usage.cache_creation_input_tokens,
          latencyMs: input.usage.latency_ms,
          model: input.usage.model,
        },
      }),
  }),

  edit_message: operation({
    title: "Edit your message",
    description:
      "Replaces the text of a message you sent (it keeps its seq; people see it marked edited). Only your own messages.",
    input: wire.editInput,
    output: wire.editOutput,
    annotations: writes(true),
    run: async (agent, input) => {
      const { seat, target } = await seatAndMessage(agent, input.room_id, input.seq);
      const message = await editMessage({ target, actor: { participantId: seat.participantId }, body: input.body });
      return { message: toAgentMessage(message) };
    },
  }),

  react: operation({
    title: "React to a message",
    description: "Adds your emoji reaction to a message (once per emoji), or takes it back with remove: true.",
    input: wire.reactInput,
    output: wire.reactOutput,
    annotations: writes(true),
    run: async (agent, input) => {
      const { seat, target } = await seatAndMessage(agent, input.room_id, input.seq);
      return {
        reactions: await setReaction({
          target,
          participantId: seat.participantId,
          emoji: input.emoji,
          on: !input.remove,
        }),
      };
    },
  }),

  ack_messages: operation({
    title: "Acknowledge messages",
    description:
      "Marks the messages up to up_to_seq as handled without answering them, so they are not handed to you again.",
    input: wire.ackInput,
    output: wire.ackOutput,
    annotations: writes(true),
    run: async (agent, input) => acknowledge(await requireAgentSeat(agent, input.room_id), input.up_to_seq),
  }),

  get_history: operation({
    title: "Read a room's history",
    description:
      "Earlier messages of a room, oldest first: the newest `limit` ones, or those before before_seq to page back.",
    input: wire.historyInput,
    output: wire.historyOutput,
    annotations: reads,
    run: (agent, input) => agentHistory(agent, input.room_id, input.before_seq, input.limit),
  }),

  get_attachment: operation({
    title: "Read a file",
    description:
      "A file sent in one of your rooms (its id is in a message's attachments): images come back as image content, text files as text (the first 100,000 characters), other files described.",
    input: wire.attachmentInput,
    output: wire.attachmentOutput,
    annotations: reads,
    run: (agent, input) => readAttachmentForAgent(agent, input.attachment_id),
  }),

  get_room_status: operation({
    title: "Room status",
    description:
      "A room's participants (you are marked is_you), input mode, your reply rule, pending count, last seq and your cursor.",
    input: wire.roomInput,
    output: wire.roomStatusOutput,
    annotations: reads,
    run: (agent, input) => roomStatus(agent, input.room_id),
  }),

  get_metadata: operation({
    title: "Read session metadata",
    description: "The room's session metadata (a JSON object such as status, priority, customer) and its version.",
    input: wire.roomInput,
    output: wire.metadataOutput,
    annotations: reads,
    run: async (agent, input) => {
      await requireAgentSeat(agent, input.room_id);
      return getMetadata(input.room_id);
    },
  }),

  update_metadata: operation({
    title: "Update session metadata",
    description:
      "Sets top-level keys of the room's metadata (`set`; other keys are kept) and removes keys (`delete`). Everyone in the room sees the change. With expected_version, fails if someone changed it since you read it.",
    input: wire.metadataInput,
    output: wire.metadataOutput,
    annotations: { ...writes(true), destructiveHint: true },
    run: async (agent, input) => {
      await requireAgentSeat(agent, input.room_id);
      const patch = metadataPatchSchema.safeParse({ set: input.set, delete: input.delete });
      if (!patch.success) throw validationError(patch.error);
      return updateMetadata({
        roomId: input.room_id,
        actor: { agentId: agent.id, name: agent.name, isOwner: false },
        set: patch.data.set,
        remove: patch.data.delete,
        expectedVersion: input.expected_version,
      });
    },
  }),
};

export type AgentOperationName = keyof typeof agentOperations;

/**
 * Runs an operation on input as it came over the wire: a 422 naming the field for bad input, and the
 * result parsed by the operation's output schema, so nothing leaves that the contract does not name.
 */
export async function callAgentOperation<N extends AgentOperationName>(
  agent: AuthenticatedAgent,
  name: N,
  raw: unknown,
  context: CallContext = {},
): Promise<z.output<(typeof agentOperations)[N]["output"]>> {
  const op: Operation<z.ZodObject, z.ZodObject> = agentOperations[name] as never;
  return op.output.parse(await op.run(agent, parseAgentInput(name, raw), context)) as never;
}

/** An operation's input as it came over the wire, validated (422 naming the field). */
export function parseAgentInput<N extends AgentOperationName>(
  name: N,
  raw: unknown,
): z.output<(typeof agentOperations)[N]["input"]> {
  const input = agentOperations[name].input.safeParse(raw ?? {});
  if (!input.success) throw validationError(input.error);
  return input.data as never;
}

/** An operation's input or output as JSON Schema (for MCP's tool list and the hosted agent's tools). */
export function wireJsonSchema(schema: z.ZodType, io: "input" | "output"): { type: "object"; [key: string]: unknown } {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest as { type: "object" };
}
