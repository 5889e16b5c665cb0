import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { publishSequenced } from "@/lib/events";
import { Prisma } from "@/lib/generated/prisma/client";
import { messageInclude, type SenderRef, toMessageView, viewOf } from "@/lib/message-view";
import { metrics } from "@/lib/metrics";
import type { MessageView } from "@/lib/schemas";
import { kickWebhookSender } from "@/lib/webhooks";

export type AgentUsage = { inputTokens?: number; outputTokens?: number; latencyMs?: number; model?: string };

type AppendInput = {
  roomId: string;
  sender: SenderRef;
  body: string;
  clientId?: string;
  kind?: "TEXT" | "SYSTEM";
  replyToSeq?: number;
  usage?: AgentUsage;
  /** A hosted agent's reply being written (lib/drafts): no webhook until it is final. */
  draft?: boolean;
  /** Throws when the sender is over its rate limit; called for new messages only, never for a retry. */
  rateLimit?: () => void;
};

// Prisma keeps DateTime as UTC `timestamp(3)`: this renders it as the ISO string JavaScript would.
const ISO_UTC = 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';

type MessageRow = {
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
};

/**
 * The room's present participants that `body` @mentions, as SQL (for the insert or update that writes the
 * body). A name matches as the pending rule always matched it: "@name" anywhere, in any case.
 */
export function mentionsOf(roomId: string, body: string): Prisma.Sql {
  return Prisma.sql`ARRAY(
    SELECT p.id FROM "Participant" p LEFT JOIN "User" u ON u.id = p."userId" LEFT JOIN "Agent" a ON a.id = p."agentId"
    WHERE p."roomId" = ${roomId} AND p."leftAt" IS NULL AND strpos(${body}::text, '@') > 0
      AND strpos(lower(${body}::text), lower('@' || coalesce(a.name, u.name, u.email))) > 0
    ORDER BY p."joinedAt")`;
}

/**
 * The only writer of messages. The room's counter, the insert and the `message.created` webhook outbox
 * rows are one statement, so the seq is gap-free (a failed insert rolls the counter back), the room row
 * is locked only for that statement, and a webhook delivery exists exactly when the message does.
 * A retry with the same clientId returns the original message with `created: false`.
 */
export async function appendMessage(input: AppendInput): Promise<{ message: MessageView; created: boolean }> {
  const { roomId, sender, body, clientId, kind = "TEXT", replyToSeq, usage, draft = false, rateLimit } = input;
  if (clientId) {
    const existing = await findByClientId(roomId, sender, clientId);
    if (existing) return { message: existing, created: false };
  }
  rateLimit?.();
  let rows: (MessageRow & { webhooks: number })[];
  try {
    rows = await db.$queryRaw`
      WITH room AS (
        UPDATE "Room" SET "lastSeq" = "lastSeq" + 1, "lastActivityAt" = now(), "archivedAt" = NULL
        WHERE id = ${roomId} RETURNING "lastSeq"
      ), msg AS (
        INSERT INTO "Message" (id, "roomId", seq, "senderId", kind, body, "replyToSeq", "clientId",
                               "inputTokens", "outputTokens", "latencyMs", model, mentions, draft)
        SELECT ${randomUUID()}, ${roomId}, room."lastSeq", ${sender.id}, ${kind}::"MessageKind", ${body},
               ${replyToSeq ?? null}::int, ${clientId ?? null}, ${usage?.inputTokens ?? null}::int,
               ${usage?.outputTokens ?? null}::int, ${usage?.latencyMs ?? null}::int, ${usage?.model ?? null},
               ${kind === "TEXT" ? mentionsOf(roomId, body) : Prisma.sql`'{}'::text[]`}, ${draft}
        FROM room
        RETURNING id, "roomId", seq, "senderId", kind, body, "replyToSeq", "clientId", "createdAt", "editedAt", "redactedAt", mentions, draft
      ), hooks AS (${createdDeliveries(sender)} AND NOT msg.draft RETURNING 1)
      SELECT msg.*, (SELECT count(*) FROM hooks)::int AS webhooks FROM msg`;
  } catch (err) {
    // Two retries racing with one clientId: the loser returns the winner's message.
    if (clientId && isUniqueViolation(err)) {
      const existing = await findByClientId(roomId, sender, clientId);
      if (existing) return { message: existing, created: false };
    }
    throw err;
  }
  const row = rows[0];
  if (!row) throw new Error(`Room ${roomId} does not exist`);
  const message = toMessageView(row, sender);
  publishSequenced(roomId, { type: "message", message });
  metrics.messages.inc({ sender: kind === "SYSTEM" ? "system" : sender.kind });
  if (row.webhooks > 0) kickWebhookSender();
  return { message, created: true };
}

/**
 * The `message.created` webhook outbox rows for the message named `msg` in the surrounding statement, one
 * per active webhook that wants the event (the caller may add `AND` conditions, then its RETURNING).
 */
export function createdDeliveries(sender: SenderRef): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "WebhookDelivery" (id, "webhookId", event, payload, "roomId")
    SELECT gen_random_uuid()::text, w.id, 'message.created',
           jsonb_build_object('event', 'message.created', 'created_at', to_char(msg."createdAt", ${ISO_UTC}), 'data', jsonb_build_object(
             'id', msg.id, 'room_id', msg."roomId", 'seq', msg.seq, 'kind', lower(msg.kind::text), 'body', msg.body,
             'sender', jsonb_build_object('id', ${sender.id}::text, 'name', ${sender.name}::text, 'kind', ${sender.kind}::text),
             'created_at', to_char(msg."createdAt", ${ISO_UTC}))),
           msg."roomId"
    FROM "Webhook" w CROSS JOIN msg
    WHERE w.active AND 'message.created' = ANY(w.events)`;
}

async function findByClientId(roomId: string, sender: SenderRef, clientId: string): Promise<MessageView | null> {
  const row = await db.message.findUnique({ where: { roomId_senderId_clientId: { roomId, senderId: sender.id, clientId } } });
  return row ? toMessageView(row, sender) : null;
}

/** Raw queries report a unique violation as P2010 with the driver's error attached. */
function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const cause = (err.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause;
  return err.code === "P2002" || cause?.kind === "UniqueConstraintViolation";
}

/**
 * A page of history: after a seq (ascending), before a seq (the newest ones before it), around a seq
 * (half before it, the rest from it on: a search result opened in its room), or the latest.
 */
export async function listMessages({
  roomId,
  after,
  before,
  around,
  limit,
}: {
  roomId: string;
  after?: number;
  before?: number;
  around?: number;
  limit: number;
}): Promise<MessageView[]> {
  if (around !== undefined) {
    const half = Math.ceil(limit / 2);
    const earlier = await listMessages({ roomId, before: around, limit: limit - half });
    return [...earlier, ...(await listMessages({ roomId, after: around - 1, limit: half }))];
  }
  if (after !== undefined) {
    const rows = await db.message.findMany({
      where: { roomId, seq: { gt: after, ...(before !== undefined && { lt: before }) } },
      orderBy: { seq: "asc" },
      take: limit,
      include: messageInclude,
    });
    return rows.map(viewOf);
  }
  const rows = await db.message.findMany({
    where: { roomId, ...(before !== undefined && { seq: { lt: before } }) },
    orderBy: { seq: "desc" },
    take: limit,
    include: messageInclude,
  });
  return rows.reverse().map(viewOf);
}
