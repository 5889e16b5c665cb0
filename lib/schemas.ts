import { z } from "zod";

// Contracts shared by route handlers, forms and MCP tools. Client-safe: no server imports here.

export const MAX_MESSAGE_LENGTH = 10_000;

export const registerSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters"),
  name: z.string().trim().min(1, "Enter your name").max(80, "Use at most 80 characters"),
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(200),
});

export const roomNameSchema = z.string().trim().min(1, "Enter a room name").max(100, "Use at most 100 characters");
export const createRoomSchema = z.object({ name: roomNameSchema });
export const renameRoomSchema = z.object({ name: roomNameSchema });

export const clientIdSchema = z.string().trim().min(1).max(100);

export const messageBodySchema = z
  .string()
  .trim()
  .min(1, "Message is empty")
  .max(MAX_MESSAGE_LENGTH, `Message is longer than ${MAX_MESSAGE_LENGTH} characters`);

export const sendMessageSchema = z.object({
  body: messageBodySchema,
  clientId: clientIdSchema.optional(),
  replyToSeq: z.number().int().positive().optional(),
});

const seqParam = z.coerce.number().int().min(0);
export const historyQuerySchema = z.object({
  after: seqParam.optional(),
  before: seqParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const addAgentSchema = z.object({ agentId: z.string().min(1).max(100) });

export const typingSchema = z.object({ typing: z.boolean() });

/** The message shape every client sees (REST, SSE, MCP). */
export type MessageView = {
  id: string;
  roomId: string;
  seq: number;
  kind: "text" | "system";
  sender: { id: string; name: string; kind: "user" | "agent" };
  body: string;
  replyToSeq: number | null;
  clientId: string | null;
  createdAt: string;
  redacted: boolean;
};

export type ParticipantView = {
  id: string;
  kind: "user" | "agent";
  userId: string | null;
  agentId: string | null;
  name: string;
  role: "owner" | "member";
  online: boolean;
};

export type InputMode = "single" | "multi";

/** Events on a room's stream. Message events carry the room seq as their SSE id. */
export type RoomEvent =
  | { type: "message"; message: MessageView }
  // Membership changed: clients re-read the participant list.
  | { type: "participants"; mode: InputMode }
  | { type: "typing"; participantId: string; name: string; typing: boolean }
  | { type: "presence"; participantId: string; online: boolean }
  | { type: "room"; name: string };

// ---- agents (MCP tools and the REST mirror use the same contracts) ----

export const createAgentSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name")
    .max(40, "Use at most 40 characters")
    .regex(/^[\p{L}\p{N} _.-]+$/u, "Use letters, digits, spaces, dots, dashes and underscores"),
  description: z.string().trim().max(500).optional(),
});

const agentRoomId = z.string().min(1).max(100);

export const pendingQuerySchema = z.object({
  room_id: agentRoomId.optional().describe("Only this room; all your rooms when omitted"),
  wait_seconds: z.coerce.number().min(0).max(25).default(20).describe("How long to wait for a message (0–25 s)"),
});

export const agentUsageSchema = z.object({
  input_tokens: z.number().int().min(0).optional(),
  output_tokens: z.number().int().min(0).optional(),
  latency_ms: z.number().int().min(0).optional(),
  model: z.string().max(100).optional(),
});

export const agentSendSchema = z.object({
  room_id: agentRoomId,
  body: messageBodySchema,
  reply_to_seq: z.number().int().positive().optional(),
  client_id: clientIdSchema.optional(),
  usage: agentUsageSchema.optional(),
});

export const agentAckSchema = z.object({ room_id: agentRoomId, up_to_seq: z.number().int().min(0) });
