import { z } from "zod";

// Contracts shared by route handlers, forms and MCP tools. Client-safe: no server imports here.

// Zod probes for `new Function` to speed up object parsing; in the browser the Content Security Policy
// (no 'unsafe-eval') refuses that probe and reports a violation. Parse without it everywhere.
z.config({ jitless: true });

export const MAX_MESSAGE_LENGTH = 10_000;

/**
 * Every string input starts here. PostgreSQL stores neither NUL characters (in text or JSON) nor unpaired
 * UTF-16 surrogates (in JSON; in text they turn into U+FFFD): refused here, they are a 422 that names the
 * field instead of a failed write.
 */
export const isStorableText = (s: string) => !s.includes("\0") && s.isWellFormed();
export const text = () => z.string().refine(isStorableText, "Remove NUL characters and unpaired surrogates");

const newPassword = text().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters");

export const registerSchema = z.object({
  email: text().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: newPassword,
  name: text().trim().min(1, "Enter your name").max(80, "Use at most 80 characters"),
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const signInSchema = z.object({
  email: text().trim().toLowerCase().email(),
  password: text().min(1).max(200),
});

export const changePasswordSchema = z.object({
  currentPassword: text().min(1, "Enter your current password").max(200),
  newPassword,
});

/** Your own name and email (`PATCH /api/account`); a new email needs your current password. */
export const updateProfileSchema = z.object({
  name: registerSchema.shape.name.optional(),
  email: registerSchema.shape.email.optional(),
  currentPassword: text().max(200).optional(),
});

export const roomNameSchema = text().trim().min(1, "Enter a room name").max(100, "Use at most 100 characters");
export const createRoomSchema = z.object({ name: roomNameSchema });
export const renameRoomSchema = z.object({ name: roomNameSchema });

export const clientIdSchema = text().trim().min(1).max(100);

export const messageBodySchema = text()
  .trim()
  .min(1, "Message is empty")
  .max(MAX_MESSAGE_LENGTH, `Message is longer than ${MAX_MESSAGE_LENGTH} characters`);

/** Files one message may carry. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

export const sendMessageSchema = z
  .object({
    // May be empty when the message carries files.
    body: text()
      .trim()
      .max(MAX_MESSAGE_LENGTH, `Message is longer than ${MAX_MESSAGE_LENGTH} characters`)
      .default(""),
    clientId: clientIdSchema.optional(),
    replyToSeq: z.number().int().positive().optional(),
    attachmentIds: z.array(text().min(1).max(100)).max(MAX_ATTACHMENTS_PER_MESSAGE).optional(),
    /** A reply in the thread of this message. */
    threadRootSeq: z.number().int().positive().optional(),
    /** A thread reply that also shows in the room's timeline. */
    alsoToRoom: z.boolean().optional(),
  })
  .refine((m) => m.body.length > 0 || (m.attachmentIds?.length ?? 0) > 0, { message: "Message is empty", path: ["body"] })
  .refine((m) => !m.alsoToRoom || m.threadRootSeq !== undefined, { message: "alsoToRoom needs threadRootSeq", path: ["alsoToRoom"] });

/** A file as every client sees it; its bytes are at /api/attachments/:id (and /thumbnail when `thumbnail`). */
export type AttachmentView = {
  id: string;
  name: string;
  /** Sniffed from the content. */
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  thumbnail: boolean;
};

/** A thread root's summary: how many replies, who wrote them, when the last came (and its seq). */
export type ThreadSummary = {
  rootSeq: number;
  replyCount: number;
  lastReplyAt: string | null;
  lastReplySeq: number | null;
  /** Participant ids of those who replied, first reply first. */
  participantIds: string[];
};

export const threadQuerySchema = z.object({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export const dmSchema = z.union([
  z.object({ userId: text().min(1).max(100) }).strict(),
  z.object({ agentId: text().min(1).max(100) }).strict(),
]);

export const editMessageSchema = z.object({ body: messageBodySchema });

// One emoji (any the Unicode standard recommends, with skin tones, ZWJ sequences and flags) or a
// `:short_code:`. The `v` flag (\p{RGI_Emoji}: emoji as whole sequences) is newer than the ES2022 target,
// which refuses it in a literal.
// biome-ignore lint/complexity/useRegexLiterals: see above
const EMOJI = new RegExp("^(?:\\p{RGI_Emoji}|:[a-z0-9_+\\-]{1,40}:)$", "v");
export const emojiSchema = text().refine((e) => EMOJI.test(e), "Use one emoji or a :short_code:");

export const searchQuerySchema = z.object({
  q: text().trim().min(1, "Enter something to search for").max(200),
  roomId: text().max(100).optional(),
  before: text().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export type SearchResult = {
  message: MessageView;
  room: { id: string; name: string };
  /** The matching passage; the matched words are wrapped in SNIPPET_MARK characters. */
  snippet: string;
};
/** Brackets a matched word in a search snippet (control characters no one types). */
export const SNIPPET_MARK = { start: "\u0002", stop: "\u0003" } as const;

const seqParam = z.coerce.number().int().min(0);
export const historyQuerySchema = z.object({
  after: seqParam.optional(),
  before: seqParam.optional(),
  around: seqParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const addAgentSchema = z.object({ agentId: text().min(1).max(100) });

export const typingSchema = z.object({ typing: z.boolean() });

/** Which messages from people an agent answers in a room: all of them, or only those that @mention it. */
export const replyRules = ["all", "mentions"] as const;
export type ReplyRule = (typeof replyRules)[number];
export const replyRuleOf = (stored: "ALL" | "MENTIONS"): ReplyRule => (stored === "ALL" ? "all" : "mentions");
export const replyRuleUpdateSchema = z.object({ replyRule: z.enum(replyRules) });

export const markReadSchema = z.object({ seq: z.number().int().min(0) });

export const muteSchema = z.object({ muted: z.boolean() });

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
  /** When the body was last edited; null when never. */
  editedAt: string | null;
  /** Deleted (by its author, or an admin): the body is a placeholder, the text is gone everywhere. */
  redacted: boolean;
  /** Participant ids the body @mentions. */
  mentions: string[];
  reactions: ReactionGroup[];
  /** A hosted agent's reply still being written: it grows by edits, then becomes final. */
  draft: boolean;
  /** An agent's notice about itself (it could not answer, its budget is spent): not a reply, not rated. */
  notice: boolean;
  /** "Answer again": another answer to the same question as the agent's reply numbered this. */
  regeneratesSeq: number | null;
  attachments: AttachmentView[];
  /** A thread reply: the seq of its root (null for messages of the room's timeline). */
  threadRootSeq: number | null;
  /** A thread reply sent to the room's timeline too. */
  alsoToRoom: boolean;
  /** A thread root with replies: its summary (null otherwise). */
  thread: ThreadSummary | null;
};

/** A message's reactions with one emoji: who reacted (a client finds itself there for "mine"). */
export type ReactionGroup = { emoji: string; count: number; participantIds: string[] };
/** What the reaction endpoints answer, for the person asking. */
export type ReactionSummary = { emoji: string; count: number; mine: boolean };

export type ParticipantView = {
  id: string;
  kind: "user" | "agent";
  userId: string | null;
  agentId: string | null;
  name: string;
  role: "owner" | "member";
  online: boolean;
  lastSeenAt: string | null;
  /** Agents: answers every message from people, or only @mentions. */
  replyRule: "all" | "mentions" | null;
  /** Agents: working on a reply until then (its lease on what it was handed). */
  workingUntil: string | null;
  /** Hosted agents that do not answer now, and why ("paused by its owner", "the API refused the key"). */
  paused: string | null;
};

export type InputMode = "single" | "multi";

export type MessageChangeKind = "edited" | "deleted" | "reactions";

/**
 * Events on a room's stream. Messages and message changes have their number in the room's sequence and
 * carry it as their SSE id; the other events are of the moment and have none.
 */
export type RoomEvent =
  | { type: "message"; message: MessageView }
  // A message already delivered changed (seq: the change's own number; message.seq is unchanged): clients
  // replace their copy, found by id, with this one, which shows the message as it is now.
  | { type: "message_changed"; seq: number; change: MessageChangeKind; message: MessageView }
  // Membership changed: clients re-read the participant list.
  | { type: "participants"; mode: InputMode; left?: string[] }
  | { type: "typing"; participantId: string; name: string; typing: boolean }
  | { type: "presence"; participantId: string; online: boolean }
  // An agent was handed messages (until: when its lease ends) or answered them (until: null).
  | { type: "agent_working"; participantId: string; name: string; until: string | null }
  // Someone asked an agent to answer the message numbered seq again: a waiting agent looks at once.
  | { type: "answer_again"; participantId: string; seq: number }
  | { type: "room"; name: string }
  // Metadata changed: clients with an older version re-read it.
  | { type: "metadata"; version: number; actorName: string; keys: string[] };

// ---- agents (MCP tools and the REST mirror use the same contracts) ----

export const createAgentSchema = z.object({
  name: text()
    .trim()
    .min(1, "Enter a name")
    .max(40, "Use at most 40 characters")
    .regex(/^[\p{L}\p{N} _.-]+$/u, "Use letters, digits, spaces, dots, dashes and underscores"),
  description: text().trim().max(500).optional(),
});

/** Renaming an agent, or changing its description (`PATCH /api/agents/:agentId`). */
export const updateAgentSchema = createAgentSchema.partial();

// ---- session metadata ----

export const METADATA_MAX_BYTES = 32 * 1024;
export const METADATA_MAX_DEPTH = 5;
export const metadataKeySchema = text()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, "Keys are 1–64 characters of letters, digits, _ . -");

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([text(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(text(), jsonValue)]),
);

/** Nesting depth of a value: a scalar is 0, `{ a: 1 }` is 1. */
export function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Object.values(value as object);
  return 1 + (children.length ? Math.max(...children.map(depthOf)) : 0);
}

export const metadataPatchSchema = z
  .object({
    set: z.record(metadataKeySchema, jsonValue).optional(),
    delete: z.array(metadataKeySchema).max(1000).optional(),
  })
  .refine((p) => p.set !== undefined || p.delete !== undefined, "Send `set`, `delete` or both")
  .refine((p) => !p.set || depthOf(p.set) <= METADATA_MAX_DEPTH, `Metadata nests at most ${METADATA_MAX_DEPTH} levels`);

export const metadataLockSchema = z.object({ locked: z.boolean() });

export const metadataSearchSchema = z.object({ key: metadataKeySchema, value: text().max(1000) });

export type MetadataView = { metadata: Record<string, JsonValue>; version: number; locked: boolean };

// ---- feedback, admin review, webhooks ----

export const feedbackSchema = z.object({
  rating: z.enum(["up", "down"]).nullable(),
  comment: text().trim().max(1000, "Comments are at most 1,000 characters").optional(),
});

const isoDate = z.coerce.date();
// A bare date as the end of a range means the whole of that day.
const isoDateEnd = text()
  .transform((v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59.999Z` : v))
  .pipe(z.coerce.date());
const bool = z.enum(["true", "false"]).transform((v) => v === "true");

export const feedbackFilterSchema = z.object({
  rating: z.enum(["up", "down"]).optional(),
  agentId: text().max(100).optional(),
  roomId: text().max(100).optional(),
  from: isoDate.optional(),
  to: isoDateEnd.optional(),
  q: text().trim().max(200).optional(),
  reviewed: bool.optional(),
  hasComment: bool.optional(),
  sort: z.enum(["newest", "oldest"]).default("newest"),
});
export type FeedbackFilter = z.infer<typeof feedbackFilterSchema>;

export const feedbackListSchema = feedbackFilterSchema.extend({
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const exportQuerySchema = feedbackFilterSchema.extend({ format: z.enum(["csv", "json"]).default("csv") });

export const reviewSchema = z.object({
  reviewed: z.boolean(),
  note: text().trim().max(2000).optional(),
});

export const WEBHOOK_EVENTS = ["feedback.created", "feedback.negative", "metadata.updated", "message.created"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const webhookSchema = z.object({
  url: text().url("Enter a full URL").refine((u) => /^https?:\/\//.test(u), "Use an http(s) URL"),
  secret: text().min(16, "Use a secret of at least 16 characters").max(200),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Pick at least one event"),
  active: z.boolean().default(true),
});
export const webhookUpdateSchema = webhookSchema.partial();

// ---- operations ----

/** The system heartbeat sent to admin streams (per app instance). */
export type Heartbeat = {
  at: string;
  uptime_seconds: number;
  connected_clients: number;
  total_events: number;
  events_per_minute: number;
  agents_waiting: number;
  active_sessions: { room_id: string; name: string; participants: number; humans: number; ai_agents: number; last_activity: string; status: "active" | "idle" }[];
  storage: { status: "ok" | "down"; latency_ms: number | null };
  recent_errors: { at: string; msg: string; requestId?: string; error?: string }[];
  server: { version: string; instance: string };
};

/** Events on the admin stream. */
export type SystemEvent = { type: "heartbeat"; heartbeat: Heartbeat } | { type: "reconnect"; reason: string };

/** An admin changes a person's role or (de)activates their account (`PATCH /api/admin/users/:userId`). */
export const personUpdateSchema = z
  .object({ role: z.enum(["USER", "ADMIN"]).optional(), active: z.boolean().optional() })
  .refine((p) => p.role !== undefined || p.active !== undefined, "Send `role`, `active` or both");

export const auditQuerySchema = z.object({
  action: text().max(100).optional(),
  before: text().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** What the audit log records; the admin page filters by these. */
export const AUDIT_ACTIONS = [
  "auth.signin",
  "auth.signin_failed",
  "auth.signin_rate_limited",
  "auth.signup_rate_limited",
  "admin.role_changed",
  "auth.password_changed",
  "auth.profile_changed",
  "admin.user_deactivated",
  "admin.user_reactivated",
  "auth.sessions_ended",
  "agent.token_created",
  "agent.token_revoked",
  "agent.deleted",
  "agent.hosted_updated",
  "agent.hosted_removed",
  "message.redacted",
  "oauth.grant_created",
  "oauth.grant_revoked",
  "admin.feedback_reviewed",
  "admin.feedback_unreviewed",
  "admin.webhook_created",
  "admin.webhook_updated",
  "admin.webhook_deleted",
  "admin.webhook_resent",
  "admin.webhook_tested",
  "admin.sessions_ended",
] as const;
