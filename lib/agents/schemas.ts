import { z } from "zod";
import {
  clientIdSchema,
  emojiSchema,
  messageBodySchema,
  metadataPatchSchema,
  replyRules,
  text,
} from "@/lib/platform/schemas";

// The agent API's wire contract, as MCP tools and the REST mirror (`/api/agent/**`) both speak it:
// snake_case everywhere, every field described, because a model reads these descriptions to use the tools.
// Client-safe: no server imports here.

const roomId = text().min(1).max(100).describe("The room's id (room_id from list_rooms or from a message)");
const seq = z.number().int().min(1);

export const replyRuleSchema = z
  .enum(replyRules)
  .describe("all: you answer every message from people; mentions: only messages that @mention you");

// ---- inputs ----

export const pendingInput = z.object({
  room_id: roomId.optional().describe("Wait on this room only; all your rooms when omitted"),
  wait_seconds: z.coerce
    .number()
    .min(0)
    .max(25)
    .default(20)
    .describe("How long the call itself waits for a message before it returns empty (0–25 s; default 20)"),
});

export const usageInput = z
  .object({
    input_tokens: z.number().int().min(0).optional().describe("Prompt tokens this reply cost"),
    output_tokens: z.number().int().min(0).optional().describe("Completion tokens this reply cost"),
    cache_read_input_tokens: z.number().int().min(0).optional().describe("Prompt tokens read from the prompt cache"),
    cache_creation_input_tokens: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Prompt tokens written to the prompt cache"),
    latency_ms: z.number().int().min(0).optional().describe("Time the model took, in milliseconds"),
    model: text().max(100).optional().describe("The model that wrote the reply"),
  })
  .describe("Optional accounting for your reply, shown to admins");

const messageBody = messageBodySchema.describe(
  "The message, in Markdown (GitHub-flavoured), at most 10,000 characters",
);

/** Files an agent sends inline with a message: each at most 2 MB, together at most 2.5 MB (before base64). */
const AGENT_FILE_MAX_BYTES = 2 * 1024 * 1024;
export const AGENT_FILES_MAX_BYTES = 2.5 * 1024 * 1024;

const fileInput = z.object({
  name: text().trim().min(1).max(200).describe('The file\'s name as people will see it, e.g. "report.csv"'),
  data: z
    .base64()
    .max(Math.ceil(AGENT_FILE_MAX_BYTES / 3) * 4, "A file is at most 2 MB")
    .describe("The file's bytes, base64-encoded (at most 2 MB before encoding). Its type is read from the bytes"),
});

export const sendInput = z.object({
  room_id: roomId,
  // May be empty when the message carries files.
  body: messageBodySchema
    .or(z.literal(""))
    .default("")
    .describe(
      "The message, in Markdown (GitHub-flavoured), at most 10,000 characters; may be empty when you attach files",
    ),
  thread_root_seq: seq
    .optional()
    .describe(
      "Reply in the thread of this message (a message's thread_root_seq, or the seq of a message of the room's timeline)",
    ),
  also_to_room: z.boolean().optional().describe("With thread_root_seq: show the reply in the room's timeline too"),
  attachments: z
    .array(fileInput)
    .max(3)
    .optional()
    .describe("Files to send with the message (at most 3, together at most 2.5 MB before encoding)"),
  reply_to_seq: seq
    .optional()
    .describe(
      "The seq of the message you answer. Marks everything you were handed up to it as handled; without it, all you were handed in this room",
    ),
  client_id: clientIdSchema
    .optional()
    .describe(
      "Any unique string you choose for this message: sending again with the same client_id returns the first message instead of posting twice",
    ),
  usage: usageInput.optional(),
});

export const ackInput = z.object({
  room_id: roomId,
  up_to_seq: z
    .number()
    .int()
    .min(0)
    .describe("Marks every message up to and including this seq as handled, without answering"),
});

export const attachmentInput = z.object({
  attachment_id: text().min(1).max(100).describe("The id of a file, from a message's attachments"),
});

export const historyInput = z.object({
  room_id: roomId,
  before_seq: seq.optional().describe("Only messages before this seq (to page back); the newest when omitted"),
  limit: z.number().int().min(1).max(100).default(20).describe("How many messages (1–100; default 20)"),
});

export const roomInput = z.object({ room_id: roomId });

export const editInput = z.object({
  room_id: roomId,
  seq: seq.describe("The seq of your own message to edit (it keeps its seq)"),
  body: messageBody.describe("The new text of the message, in Markdown, at most 10,000 characters"),
});

export const reactInput = z.object({
  room_id: roomId,
  seq: seq.describe("The seq of the message to react to"),
  emoji: emojiSchema.describe('One emoji such as "👍", or a short code such as ":tada:"'),
  remove: z.boolean().default(false).describe("true takes your reaction back; default false adds it"),
});

export const metadataInput = z.object({
  room_id: roomId,
  set: metadataPatchSchema.shape.set.describe(
    'Top-level keys to set (other keys are kept), e.g. { "status": "resolved" }',
  ),
  delete: metadataPatchSchema.shape.delete.describe("Top-level keys to remove"),
  expected_version: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("The version you read: the update fails if someone changed the metadata since"),
});

// ---- outputs ----

const sender = z.object({
  id: z.string().describe("The sender's participant id in this room"),
  name: z.string(),
  kind: z.enum(["user", "agent"]).describe("user: a person; agent: an AI agent"),
});

const attachmentDescriptor = z.object({
  id: z.string().describe("Read it with get_attachment"),
  name: z.string(),
  type: z.string().describe("The file's type, read from its content (e.g. image/png, text/plain, application/pdf)"),
  size: z.number().int().describe("Bytes"),
});

export const agentMessage = z.object({
  id: z.string(),
  room_id: z.string(),
  seq: z.number().int().describe("The message's number in its room: use it as reply_to_seq or up_to_seq"),
  kind: z.enum(["text", "system"]).describe("text: written by someone; system: a notice such as someone joining"),
  sender,
  body: z.string(),
  reply_to_seq: z.number().int().nullable(),
  created_at: z.string(),
  edited_at: z.string().nullable().describe("When the author last edited it; null when never"),
  mentions: z.array(z.string()).describe("Participant ids the message @mentions"),
  answer_again: z
    .object({ earlier_reply_seq: z.number().int().describe("Your earlier reply to it, which stays in the room") })
    .optional()
    .describe(
      "Present when someone asked you to answer this message again: write a new answer to it (reply_to_seq = its seq)",
    ),
  attachments: z.array(attachmentDescriptor).describe("Files sent with the message; read one with get_attachment"),
  thread_root_seq: z
    .number()
    .int()
    .nullable()
    .describe(
      "A reply in the thread of the message with this seq (answer it there: send_message with thread_root_seq); null in the room's timeline",
    ),
});
export type AgentMessage = z.infer<typeof agentMessage>;

export const you = z
  .object({
    agent_id: z.string(),
    name: z.string(),
    handle: z.string().describe("How people mention you, e.g. @Claude"),
  })
  .describe("Who you are in Parley");
export type You = z.infer<typeof you>;

const participant = sender.extend({
  is_you: z.boolean(),
  online: z.boolean(),
  reply_rule: replyRuleSchema.nullable().describe("For agents, which messages they answer; null for people"),
});

export const pollInstruction = z.object({
  action: z
    .enum(["process_messages", "poll_again"])
    .describe(
      "process_messages: answer or acknowledge the messages, then call get_pending_messages; poll_again: call get_pending_messages now",
    ),
  message: z.string().describe("What to do next, in words"),
});
export type PollInstruction = z.infer<typeof pollInstruction>;

export const roomContext = z.object({
  room_id: z.string(),
  room_name: z.string(),
  reply_rule: replyRuleSchema,
  recent_messages: z
    .array(agentMessage)
    .describe("The messages just before the ones handed to you (not repeating them), oldest first"),
  your_last_message: agentMessage.nullable().describe("The last message you wrote in this room, if any"),
});

export const pendingOutput = z.object({
  you,
  messages: z.array(agentMessage).describe("Messages for you to answer, oldest first; empty when nothing came"),
  count: z.number().int(),
  context: z.array(roomContext),
  next_poll_instruction: pollInstruction,
});
export type PendingResult = z.infer<typeof pendingOutput>;

export const sendOutput = z.object({
  message: agentMessage,
  created: z.boolean().describe("false when this client_id was sent before: the original message is returned"),
});

export const ackOutput = z.object({ cursor: z.number().int().describe("Everything up to this seq is handled") });

export const historyOutput = z.object({ messages: z.array(agentMessage) });

export const editOutput = z.object({ message: agentMessage });

export const reactOutput = z.object({
  reactions: z
    .array(z.object({ emoji: z.string(), count: z.number().int(), mine: z.boolean().describe("You reacted with it") }))
    .describe("The message's reactions now"),
});

const roomSummary = z.object({
  room_id: z.string(),
  name: z.string(),
  mode: z.enum(["single", "multi"]).describe("single: one person and you (short quiet window); multi: a group"),
  reply_rule: replyRuleSchema,
  pending_count: z.number().int(),
  participants: z.array(participant),
  last_activity: z.string(),
});

export const roomsOutput = z.object({ you, rooms: z.array(roomSummary) });

export const roomStatusOutput = roomSummary.extend({
  last_seq: z.number().int(),
  your_cursor: z.number().int().describe("The last seq you have handled"),
  last_activity_by: z.object({ people: z.string().nullable(), you: z.string().nullable() }),
});

export const attachmentOutput = z.object({
  attachment: attachmentDescriptor,
  content: z
    .discriminatedUnion("kind", [
      z.object({
        kind: z.literal("image"),
        mime_type: z.string(),
        data: z.string().describe("base64"),
        resized: z.boolean().describe("true when the image was made smaller to fit"),
      }),
      z.object({ kind: z.literal("text"), text: z.string(), truncated: z.boolean() }),
      z.object({ kind: z.literal("file"), note: z.string() }),
    ])
    .describe("Images as image data, text files as text, other files described"),
});
export type AttachmentResult = z.infer<typeof attachmentOutput>;

export const metadataOutput = z.object({
  metadata: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  locked: z.boolean(),
});
