import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import { metrics } from "@/lib/platform/metrics";
import type { MessageView } from "@/lib/platform/schemas";
import { publishSequenced } from "@/lib/realtime/bus";
import { messageInclude, type SenderRef, toMessageView, viewOf } from "@/lib/realtime/message-view";
import { kickWebhookSender } from "@/lib/review/webhooks";
import { type AgentUsage, storeMessage } from "@/lib/rooms/message-batch";
import { canRootThread } from "@/lib/rooms/threads";

type AppendInput = {
  roomId: string;
  /** Its name is read as the message is stored. */
  sender: Pick<SenderRef, "id" | "kind">;
  body: string;
  clientId?: string;
  kind?: "TEXT" | "SYSTEM";
  replyToSeq?: number;
  usage?: AgentUsage;
  /** Store it only while the sender holds a seat in the room (404 otherwise), checked as it is stored. */
  requireSeat?: boolean;
  /** With requireSeat: store it only while this sign-in session of the sender's is live (401 otherwise). */
  sessionId?: string;
  /** A hosted agent's reply being written (lib/rooms/drafts): no webhook until it is final. */
  draft?: boolean;
  /** An agent's notice about itself, not a reply (no webhook, no rating). */
  notice?: boolean;
  /** "Answer again": the agent's earlier reply to the same question. */
  regeneratesSeq?: number;
  /** Rejects when the sender is over its rate limit; a retry of a stored message is answered all the same. */
  rateLimit?: () => Promise<void>;
  /** A reply in the thread of the message numbered this (422 unless it is a message of the room's timeline). */
  threadRootSeq?: number;
  /** A thread reply that shows in the room's timeline too. */
  alsoToRoom?: boolean;
  /** The sender's uploads in this room, not sent yet (422 otherwise), to send with the message. */
  attachmentIds?: string[];
};

/**
 * The room's present participants that `body` @mentions, as SQL (for the update that writes an edited
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
 * The only writer of messages. Concurrent messages to one room share one statement and transaction
 * (lib/rooms/message-batch): the room's counter, the inserts and the `message.created` webhook outbox rows
 * together, so seqs are gap-free (a failed insert rolls the counter back) and a webhook delivery exists
 * exactly when the message does. A retry with the same clientId returns the original message with
 * `created: false`.
 */
export async function appendMessage(input: AppendInput): Promise<{ message: MessageView; created: boolean }> {
  const {
    roomId,
    sender,
    body,
    clientId,
    kind = "TEXT",
    replyToSeq,
    usage,
    requireSeat = false,
    sessionId,
    draft = false,
    rateLimit,
  } = input;
  const { notice = false, regeneratesSeq, threadRootSeq, alsoToRoom = false } = input;
  const attachmentIds = input.attachmentIds?.length ? [...new Set(input.attachmentIds)] : undefined;
  if (rateLimit) {
    try {
      await rateLimit();
    } catch (err) {
      // Over the limit, a retry still learns what became of its message.
      const overLimit = err instanceof AppError && err.code === "rate_limited";
      const existing = overLimit && clientId ? await findByClientId(roomId, sender.id, clientId) : null;
      if (existing) return { message: existing, created: false };
      throw err;
    }
  }
  // A retry of a stored message finds its files sent and its thread checked already: it is answered as before.
  const retry =
    clientId && (threadRootSeq !== undefined || attachmentIds)
      ? await findByClientId(roomId, sender.id, clientId)
      : null;
  if (retry) return { message: retry, created: false };
  if (threadRootSeq !== undefined) await requireThreadRoot(roomId, threadRootSeq);
  if (attachmentIds) await requireUnsentUploads({ roomId, uploaderId: sender.id, attachmentIds });
  const outcome = await storeMessage(roomId, {
    sender,
    body,
    clientId,
    kind,
    replyToSeq,
    usage,
    requireSeat,
    sessionId,
    draft,
    notice,
    regeneratesSeq,
    threadRootSeq,
    alsoToRoom: threadRootSeq !== undefined && alsoToRoom,
    attachmentIds,
  });
  switch (outcome.status) {
    case "unseated":
      throw new AppError("not_found", "Room not found");
    case "no_room":
      throw new Error(`Room ${roomId} does not exist`);
  }
  const message = toMessageView(outcome.row, { ...sender, name: outcome.senderName }, [], outcome.row.attachments);
  if (outcome.status === "existing") return { message, created: false };
  publishSequenced(roomId, { type: "message", message });
  metrics.messages.inc({ sender: kind === "SYSTEM" ? "system" : sender.kind });
  if (outcome.webhooks > 0) kickWebhookSender();
  return { message, created: true };
}

async function requireThreadRoot(roomId: string, seq: number): Promise<void> {
  const root = await db.message.findUnique({
    where: { roomId_seq: { roomId, seq } },
    select: { kind: true, threadRootSeq: true },
  });
  if (!canRootThread(root)) {
    throw new AppError("unprocessable", `There is no message #${seq} to reply to in a thread`, {
      fields: { threadRootSeq: ["No such message in this room"] },
    });
  }
}

/** Files go with a message only from their uploader, in the room they were uploaded to, once. */
async function requireUnsentUploads({
  roomId,
  uploaderId,
  attachmentIds,
}: {
  roomId: string;
  uploaderId: string;
  attachmentIds: string[];
}) {
  const found = await db.attachment.count({
    where: { id: { in: attachmentIds }, roomId, uploaderId, messageId: null },
  });
  if (found !== attachmentIds.length) {
    throw new AppError("unprocessable", "An attachment was not found or was sent already: upload it again", {
      fields: { attachmentIds: ["Upload each file to this room first; a file is sent once"] },
    });
  }
}

/** The message a sender stored with this clientId, if any (a retry's answer). */
export async function findByClientId(roomId: string, senderId: string, clientId: string): Promise<MessageView | null> {
  const row = await db.message.findUnique({
    where: { roomId_senderId_clientId: { roomId, senderId, clientId } },
    include: messageInclude,
  });
  return row ? viewOf(row) : null;
}

/** The room's timeline leaves out thread replies not also sent to the room (threads are read by lib/rooms/threads). */
export const inTimeline = { OR: [{ threadRootSeq: null }, { alsoToRoom: true }] } satisfies Prisma.MessageWhereInput;

/**
 * A page of the room's timeline (thread replies are in their thread): after a seq (ascending), before a seq
 * (the newest ones before it), around a seq (half before it, the rest from it on: a search result opened in
 * its room), or the latest.
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
      where: { roomId, ...inTimeline, seq: { gt: after, ...(before !== undefined && { lt: before }) } },
      orderBy: { seq: "asc" },
      take: limit,
      include: messageInclude,
    });
    return rows.map(viewOf);
  }
  const rows = await db.message.findMany({
    where: { roomId, ...inTimeline, ...(before !== undefined && { seq: { lt: before } }) },
    orderBy: { seq: "desc" },
    take: limit,
    include: messageInclude,
  });
  return rows.reverse().map(viewOf);
}
