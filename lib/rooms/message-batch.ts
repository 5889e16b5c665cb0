import "server-only";
import { randomUUID } from "node:crypto";
import { liveSessionSql } from "@/lib/auth/sessions";
import { hotPool, isUniqueViolation } from "@/lib/platform/db";
import type { AttachmentView } from "@/lib/platform/schemas";
import type { SenderRef } from "@/lib/realtime/message-view";

/**
 * Group commit for one room's messages. A room has at most one insert in flight per process; messages
 * sent meanwhile wait and then go together in the next one: one statement, one transaction, one bump of
 * the room's counter for all of them, seqs in the order they came. A message alone goes at once.
 * Each message keeps its own answer: stored (created), a retry of a stored one (its clientId), or not
 * stored because its sender has no seat in the room any more (or signed out).
 */

/** What an agent's reply records of the model calls behind it (cache: prompt-cache reads and writes). */
export type AgentUsage = {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  latencyMs?: number;
  model?: string;
};

export type NewMessage = {
  /** Its name is read as the message is stored. */
  sender: Pick<SenderRef, "id" | "kind">;
  body: string;
  clientId?: string;
  kind: "TEXT" | "SYSTEM";
  replyToSeq?: number;
  usage?: AgentUsage;
  /** Store it only while the sender holds a seat in the room (checked in the insert's own snapshot). */
  requireSeat: boolean;
  /** With requireSeat: store it only while this sign-in of the sender's is live (a person's send). */
  sessionId?: string;
  /** A reply being written (lib/rooms/drafts): its webhook waits until it is final. */
  draft: boolean;
  /** An agent's notice about itself (not a reply): no webhook, no rating. */
  notice: boolean;
  /** "Answer again": the agent's earlier reply to the same question. */
  regeneratesSeq?: number;
  /** A reply in the thread of this message (checked by the caller); the root's summary is updated with it. */
  threadRootSeq?: number;
  alsoToRoom?: boolean;
  /** The sender's unsent uploads in this room to send with it (checked by the caller; one sends each once). */
  attachmentIds?: string[];
};

export type StoredRow = {
  id: string;
  roomId: string;
  seq: number;
  senderId: string;
  kind: "TEXT" | "SYSTEM";
  body: string;
  replyToSeq: number | null;
  clientId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  redactedAt: Date | null;
  mentions: string[];
  draft: boolean;
  notice: boolean;
  regeneratesSeq: number | null;
  threadRootSeq: number | null;
  alsoToRoom: boolean;
  threadReplyCount: number;
  threadLastReplyAt: Date | null;
  threadLastReplySeq: number | null;
  threadRepliers: string[];
  attachments: AttachmentView[];
};

export type BatchOutcome =
  | { status: "created"; row: StoredRow; senderName: string; webhooks: number }
  | { status: "existing"; row: StoredRow; senderName: string }
  | { status: "unseated" }
  | { status: "no_room" };

type Waiting = { message: NewMessage; resolve: (outcome: BatchOutcome) => void; reject: (err: unknown) => void };
type RoomQueue = { waiting: Waiting[]; inFlight: boolean };

// Enough to share one commit among a busy room's senders, small enough to keep the statement short.
const MAX_BATCH = 200;
const globalQueues = globalThis as unknown as { parleySendQueues?: Map<string, RoomQueue> };
const queues = (globalQueues.parleySendQueues ??= new Map());

/** Stores `message` in `roomId`, sharing the transaction with whatever else is being sent to the room. */
export function storeMessage(roomId: string, message: NewMessage): Promise<BatchOutcome> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(roomId);
    if (!queue) queues.set(roomId, (queue = { waiting: [], inFlight: false }));
    queue.waiting.push({ message, resolve, reject });
    if (!queue.inFlight) void drain(roomId, queue);
  });
}

async function drain(roomId: string, queue: RoomQueue): Promise<void> {
  queue.inFlight = true;
  while (queue.waiting.length > 0) {
    const batch = takeBatch(queue);
    try {
      const outcomes = await insertBatch(
        roomId,
        batch.map((w) => w.message),
      );
      for (const [i, w] of batch.entries()) w.resolve(outcomes[i]);
    } catch (err) {
      // A clientId stored meanwhile by another instance fails the whole statement: each message then
      // goes alone, so only the retry it concerns answers with what was stored.
      if (batch.length > 1 && isUniqueViolation(err)) await insertOneByOne(roomId, batch);
      else for (const w of batch) w.reject(err);
    }
  }
  queue.inFlight = false;
  queues.delete(roomId);
}

async function insertOneByOne(roomId: string, batch: Waiting[]): Promise<void> {
  for (const w of batch) {
    try {
      w.resolve((await insertBatch(roomId, [w.message]))[0]);
    } catch (err) {
      w.reject(err);
    }
  }
}

/** The next messages in order, leaving a second copy of one clientId for the batch after (it is a retry). */
function takeBatch(queue: RoomQueue): Waiting[] {
  const batch: Waiting[] = [];
  const later: Waiting[] = [];
  const clientIds = new Set<string>();
  for (const w of queue.waiting) {
    const key = w.message.clientId === undefined ? undefined : `${w.message.sender.id} ${w.message.clientId}`;
    if (batch.length >= MAX_BATCH || (key !== undefined && clientIds.has(key))) {
      later.push(w);
      continue;
    }
    if (key !== undefined) clientIds.add(key);
    batch.push(w);
  }
  queue.waiting = later;
  return batch;
}

// Columns as Prisma reads them: DateTime is UTC in a `timestamp(3)`.
export const MESSAGE_COLUMNS = `m.id, m."roomId", m.seq, m."senderId", m.kind, m.body, m."replyToSeq", m."clientId",
  m."createdAt" AT TIME ZONE 'UTC' AS "createdAt", m."editedAt" AT TIME ZONE 'UTC' AS "editedAt",
  m."redactedAt" AT TIME ZONE 'UTC' AS "redactedAt", m.mentions, m.draft, m.notice, m."regeneratesSeq", m."threadRootSeq", m."alsoToRoom",
  m."threadReplyCount", m."threadLastReplyAt" AT TIME ZONE 'UTC' AS "threadLastReplyAt", m."threadLastReplySeq", m."threadRepliers"`;

/** A message's files as JSON (AttachmentView), from attachment rows `a` that match `where`. */
const attachmentsJson = (from: string, where: string) => `(
  SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'type', a.type, 'size', a.size, 'width', a.width,
           'height', a.height, 'thumbnail', a.thumbnail) ORDER BY a."createdAt", a.id), '[]'::json)
  FROM ${from} a WHERE ${where})`;
const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The `message.created` webhook outbox rows for message rows `m` (as MESSAGE_COLUMNS reads them), one per active
 * webhook that wants the event. `sender` names SQL expressions (columns, never values) for its sender.
 */
export function createdDeliveriesSql(from: string, sender: { id: string; name: string; kind: string }): string {
  return `
    INSERT INTO "WebhookDelivery" (id, "webhookId", event, payload, "roomId")
    SELECT gen_random_uuid()::text, w.id, 'message.created',
           jsonb_build_object('event', 'message.created', 'created_at', to_char(m."createdAt" AT TIME ZONE 'UTC', ${ISO_UTC}), 'data', jsonb_build_object(
             'id', m.id, 'room_id', m."roomId", 'seq', m.seq, 'kind', lower(m.kind::text), 'body', m.body,
             'sender', jsonb_build_object('id', ${sender.id}, 'name', ${sender.name}, 'kind', ${sender.kind}),
             'created_at', to_char(m."createdAt" AT TIME ZONE 'UTC', ${ISO_UTC}))),
           m."roomId"
    FROM ${from} CROSS JOIN "Webhook" w
    WHERE w.active AND 'message.created' = ANY(w.events)`;
}

/** A participant's name as lib/realtime/message-view's senderOf gives it, read in the statement that stores a message. */
const senderNameSql = (participantId: string) => `(
  SELECT CASE WHEN p."agentId" IS NOT NULL THEN a.name ELSE coalesce(u.name, u.email, 'Someone') END
  FROM "Participant" p LEFT JOIN "User" u ON u.id = p."userId" LEFT JOIN "Agent" a ON a.id = p."agentId"
  WHERE p.id = ${participantId})`;

/**
 * One statement for the whole batch: which messages may go (a seat, and a live session, where required) and which are retries
 * (their clientId is stored), then the counter bumped once, the new messages inserted with consecutive
 * seqs, and the `message.created` webhook outbox rows, so a delivery exists exactly when its message does.
 */
const INSERT_BATCH = `
  WITH input AS (
    SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::int[], $9::int[],
                         $10::int[], $11::text[], $12::bool[], $13::text[], $14::text[], $15::bool[], $16::int[], $17::int[],
                         $18::bool[], $19::int[], $20::int[], $21::bool[], $22::text[])
      WITH ORDINALITY AS i(id, "senderId", kind, body, "replyToSeq", "clientId", "inputTokens", "outputTokens",
                           "latencyMs", model, "requireSeat", "sessionId", "senderKind", draft, "cacheReadTokens",
                           "cacheWriteTokens", notice, "regeneratesSeq", "threadRootSeq", "alsoToRoom", "attachmentIds", ord)
  ), seated AS (
    SELECT i.* FROM input i
    WHERE NOT i."requireSeat"
       OR EXISTS (SELECT 1 FROM "Participant" p WHERE p.id = i."senderId" AND p."roomId" = $1 AND p."leftAt" IS NULL
                    AND (i."sessionId" IS NULL OR ${liveSessionSql('p."userId"', 'i."sessionId"')}))
  ), existing AS (
    SELECT s.ord, ${MESSAGE_COLUMNS}, ${senderNameSql('s."senderId"')} AS "senderName" FROM seated s
    JOIN "Message" m ON m."roomId" = $1 AND m."senderId" = s."senderId" AND m."clientId" = s."clientId"
  ), fresh AS (
    SELECT s.*, ${senderNameSql('s."senderId"')} AS "senderName", row_number() OVER (ORDER BY s.ord) AS n,
           count(*) OVER () AS total FROM seated s
    WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.ord = s.ord)
  ), room AS (
    UPDATE "Room" SET "lastSeq" = "lastSeq" + (SELECT count(*) FROM fresh), "lastActivityAt" = now(), "archivedAt" = NULL
    WHERE id = $1 AND EXISTS (SELECT 1 FROM fresh) RETURNING "lastSeq"
  ), inserted AS (
    INSERT INTO "Message" AS m (id, "roomId", seq, "senderId", kind, body, "replyToSeq", "clientId",
                                "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "latencyMs", model,
                                mentions, draft, notice, "regeneratesSeq", "threadRootSeq", "alsoToRoom")
    SELECT f.id, $1, room."lastSeq" - f.total + f.n, f."senderId", f.kind::"MessageKind", f.body, f."replyToSeq", f."clientId",
           f."inputTokens", f."outputTokens", f."cacheReadTokens", f."cacheWriteTokens", f."latencyMs", f.model,
           CASE WHEN f.kind = 'TEXT' AND strpos(f.body, '@') > 0 THEN ARRAY(
             SELECT p.id FROM "Participant" p LEFT JOIN "User" u ON u.id = p."userId" LEFT JOIN "Agent" a ON a.id = p."agentId"
             WHERE p."roomId" = $1 AND p."leftAt" IS NULL
               AND strpos(lower(f.body), lower('@' || coalesce(a.name, u.name, u.email))) > 0
             ORDER BY p."joinedAt") ELSE '{}'::text[] END, f.draft, f.notice, f."regeneratesSeq", f."threadRootSeq", f."alsoToRoom"
    FROM fresh f CROSS JOIN room
    RETURNING ${MESSAGE_COLUMNS}
  ), linked AS (
    -- The files go with their message, each once: only the sender's, in this room, not sent before.
    UPDATE "Attachment" a SET "messageId" = m.id
    FROM inserted m JOIN fresh f ON f.id = m.id CROSS JOIN jsonb_array_elements_text(f."attachmentIds"::jsonb) AS x(id)
    WHERE a.id = x.id AND a."roomId" = $1 AND a."uploaderId" = f."senderId" AND a."messageId" IS NULL
    RETURNING a.*
  ), roots AS (
    -- Each thread's root keeps its summary: replies, the last one's time and seq, who replied.
    UPDATE "Message" r SET "threadReplyCount" = r."threadReplyCount" + t.n, "threadLastReplySeq" = t.last,
      "threadLastReplyAt" = t.at AT TIME ZONE 'UTC',
      "threadRepliers" = r."threadRepliers" || ARRAY(
        SELECT u.s FROM unnest(t.senders) WITH ORDINALITY AS u(s, o) WHERE NOT u.s = ANY(r."threadRepliers")
        GROUP BY u.s ORDER BY min(u.o))
    FROM (SELECT m."threadRootSeq" AS root, count(*)::int AS n, max(m.seq) AS last, max(m."createdAt") AS at,
                 array_agg(m."senderId" ORDER BY m.seq) AS senders
          FROM inserted m WHERE m."threadRootSeq" IS NOT NULL GROUP BY m."threadRootSeq") t
    WHERE r."roomId" = $1 AND r.seq = t.root
    RETURNING r.id
  ), hooks AS (${createdDeliveriesSql("inserted m JOIN fresh f ON f.id = m.id", { id: 'f."senderId"', name: 'f."senderName"', kind: 'f."senderKind"' })}
      AND NOT f.draft AND NOT f.notice
    RETURNING "webhookId"
  )
  SELECT f.ord, true AS created, (SELECT count(*) FROM hooks)::int AS webhooks,
         m.*, f."senderName", ${attachmentsJson("linked", 'a."messageId" = m.id')} AS attachments
    FROM inserted m JOIN fresh f ON f.id = m.id
  UNION ALL
  SELECT e.ord, false, 0, e.id, e."roomId", e.seq, e."senderId", e.kind, e.body, e."replyToSeq", e."clientId",
         e."createdAt", e."editedAt", e."redactedAt", e.mentions, e.draft, e.notice, e."regeneratesSeq", e."threadRootSeq",
         e."alsoToRoom", e."threadReplyCount", e."threadLastReplyAt", e."threadLastReplySeq", e."threadRepliers", e."senderName",
         ${attachmentsJson('"Attachment"', 'a."messageId" = e.id')}
    FROM existing e
  UNION ALL
  SELECT s.ord, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM seated s WHERE NOT EXISTS (SELECT 1 FROM room) AND NOT EXISTS (SELECT 1 FROM existing e WHERE e.ord = s.ord)`;

type ResultRow = StoredRow & { ord: string; created: boolean | null; webhooks: number; senderName: string };

async function insertBatch(roomId: string, messages: NewMessage[]): Promise<BatchOutcome[]> {
  const column = <T>(pick: (m: NewMessage) => T) => messages.map(pick);
  const { rows } = await hotPool().query<ResultRow>({
    name: "parley_insert_batch",
    text: INSERT_BATCH,
    values: [
      roomId,
      column(() => randomUUID()),
      column((m) => m.sender.id),
      column((m) => m.kind),
      column((m) => m.body),
      column((m) => m.replyToSeq ?? null),
      column((m) => m.clientId ?? null),
      column((m) => m.usage?.inputTokens ?? null),
      column((m) => m.usage?.outputTokens ?? null),
      column((m) => m.usage?.latencyMs ?? null),
      column((m) => m.usage?.model ?? null),
      column((m) => m.requireSeat),
      column((m) => m.sessionId ?? null),
      column((m) => m.sender.kind),
      column((m) => m.draft),
      column((m) => m.usage?.cacheReadTokens ?? null),
      column((m) => m.usage?.cacheWriteTokens ?? null),
      column((m) => m.notice),
      column((m) => m.regeneratesSeq ?? null),
      column((m) => m.threadRootSeq ?? null),
      column((m) => m.alsoToRoom ?? false),
      column((m) => (m.attachmentIds?.length ? JSON.stringify(m.attachmentIds) : null)),
    ],
  });
  const byOrd = new Map(rows.map((row) => [Number(row.ord), row]));
  return messages.map((_, i): BatchOutcome => {
    const row = byOrd.get(i + 1);
    if (!row) return { status: "unseated" };
    if (row.created === null) return { status: "no_room" };
    const { ord: _ord, created, webhooks, senderName, ...stored } = row;
    return created
      ? { status: "created", row: stored, senderName, webhooks }
      : { status: "existing", row: stored, senderName };
  });
}
