import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import type { MessageView } from "@/lib/platform/schemas";
import type { SenderRef } from "@/lib/realtime/message-view";
import { kickWebhookSender } from "@/lib/review/webhooks";
import type { AgentUsage } from "@/lib/rooms/message-batch";
import { createdDeliveriesSql, MESSAGE_COLUMNS } from "@/lib/rooms/message-batch";
import { commitChange, type MessageActor, type MessageTarget } from "@/lib/rooms/message-changes";
import { appendMessage, mentionsOf } from "@/lib/rooms/messages";

/**
 * A hosted agent's reply while it is written. The draft is a message from the start (so it keeps its
 * place and seq), grows by changes in the room's history (so streams that resume see it as it is), and
 * becomes final once: then it gets its mentions, its usage and its `message.created` webhook, and the
 * changes it grew by leave the history (a finished reply replays as its message and one change, however
 * long it streamed). Agents never read a draft (the pending rule, context and history leave drafts out).
 * Stop is a flag on the row: the writer reads it with each write, on whichever instance it runs.
 * A reply that failed ends as a notice; trying that question again writes into the same message, so a
 * question shows at most one error however often it is tried.
 */

export type Draft = { target: MessageTarget; sender: SenderRef };

const draftOf = (row: { id: string; roomId: string; seq: number }, sender: SenderRef): Draft => ({
  target: { id: row.id, roomId: row.roomId, seq: row.seq, kind: "TEXT", senderId: sender.id, redactedAt: null },
  sender,
});

export async function startDraft({
  roomId,
  sender,
  replyToSeq,
  regeneratesSeq,
  threadRootSeq,
}: {
  roomId: string;
  sender: SenderRef;
  replyToSeq?: number;
  regeneratesSeq?: number;
  /** An answer to a thread reply is written in that thread. */
  threadRootSeq?: number;
}): Promise<Draft> {
  const { message } = await appendMessage({
    roomId,
    sender,
    body: "",
    replyToSeq,
    regeneratesSeq,
    threadRootSeq,
    draft: true,
  });
  return draftOf(message, sender);
}

/**
 * The notice left by an earlier try at answering one of `questions`, made a draft again (empty, replying to
 * `replyToSeq`), or null when there is none.
 */
export async function reopenNotice({
  roomId,
  sender,
  questions,
  replyToSeq,
  regeneratesSeq,
}: {
  roomId: string;
  sender: SenderRef;
  questions: number[];
  replyToSeq: number;
  regeneratesSeq?: number;
}): Promise<Draft | null> {
  const notice = await db.message.findFirst({
    where: { roomId, senderId: sender.id, notice: true, draft: false, redactedAt: null, replyToSeq: { in: questions } },
    orderBy: { seq: "desc" },
    select: { id: true, roomId: true, seq: true },
  });
  if (!notice) return null;
  const draft = draftOf(notice, sender);
  const reopened = await commitChange(draft.target, "EDITED", async (tx) => {
    const count = await tx.$executeRaw`
      UPDATE "Message" SET body = '', draft = true, notice = false, "stopRequested" = false, "replyToSeq" = ${replyToSeq},
        "regeneratesSeq" = ${regeneratesSeq ?? null}::int
      WHERE id = ${notice.id} AND notice AND NOT draft AND "redactedAt" IS NULL`;
    if (count !== 1) throw new AppError("conflict", "This notice changed meanwhile");
  }).catch((err) => {
    if (err instanceof AppError) return null;
    throw err;
  });
  return reopened && draft;
}

/** Shows the text written so far. Returns whether someone asked to stop (or deleted the draft). */
export async function growDraft(draft: Draft, body: string): Promise<{ stop: boolean }> {
  let stop = true;
  await commitChange(draft.target, "EDITED", async (tx) => {
    const rows = await tx.$queryRaw<{ stopRequested: boolean }[]>`
      UPDATE "Message" SET body = ${body} WHERE id = ${draft.target.id} AND draft AND "redactedAt" IS NULL
      RETURNING "stopRequested"`;
    // Deleted or already final: nothing to show, and the writer stops.
    if (rows.length === 0) throw new AppError("conflict", "This draft has ended");
    stop = rows[0].stopRequested;
  }).catch((err) => {
    if (!(err instanceof AppError)) throw err;
  });
  return { stop };
}

/** Whether someone asked to stop the draft, without writing (while the model is silent). */
export async function stopRequested(draft: Draft): Promise<boolean> {
  const row = await db.message.findUnique({
    where: { id: draft.target.id },
    select: { stopRequested: true, draft: true },
  });
  return !row || row.stopRequested || !row.draft;
}

/**
 * The reply is done (or given up): final text, mentions, usage, and the webhook it held back (a notice has
 * none). Its growth leaves the room's history in the same transaction, so the change that finishes it is the
 * only one left: a stream that saw part of the growth resumes after it and gets that change.
 */
export async function finishDraft({
  draft,
  body,
  usage,
  notice = false,
}: {
  draft: Draft;
  body: string;
  usage?: AgentUsage;
  notice?: boolean;
}): Promise<MessageView | null> {
  let webhooks = 0;
  const message = await commitChange(draft.target, "EDITED", async (tx) => {
    const rows = await tx.$queryRaw<{ webhooks: number }[]>`
      WITH m AS (
        UPDATE "Message" m SET body = ${body}, draft = false, notice = ${notice},
          mentions = ${notice ? Prisma.sql`'{}'::text[]` : mentionsOf(draft.target.roomId, body)},
          "inputTokens" = ${usage?.inputTokens ?? null}::int, "outputTokens" = ${usage?.outputTokens ?? null}::int,
          "cacheReadTokens" = ${usage?.cacheReadTokens ?? null}::int, "cacheWriteTokens" = ${usage?.cacheWriteTokens ?? null}::int,
          "latencyMs" = ${usage?.latencyMs ?? null}::int, model = ${usage?.model ?? null}
        WHERE id = ${draft.target.id} AND draft AND "redactedAt" IS NULL
        RETURNING ${Prisma.raw(MESSAGE_COLUMNS)}
      ), hooks AS (${Prisma.raw(createdDeliveriesSql('m JOIN "Participant" p ON p.id = m."senderId" JOIN "Agent" a ON a.id = p."agentId"', { id: "p.id", name: "a.name", kind: "'agent'" }))}
          AND NOT m.notice RETURNING 1)
      SELECT (SELECT count(*) FROM hooks)::int AS webhooks FROM m`;
    if (rows.length === 0) throw new AppError("conflict", "This draft has ended");
    webhooks = rows[0].webhooks;
    await tx.messageChange.deleteMany({ where: { messageId: draft.target.id, kind: "EDITED" } });
  }).catch((err) => {
    if (err instanceof AppError) return null;
    throw err;
  });
  if (webhooks > 0) kickWebhookSender();
  return message;
}

/** Stop, pressed by someone in the room: the writer ends the draft with what it has written. */
export async function requestStop(target: MessageTarget, actor: MessageActor): Promise<void> {
  if (!actor.participantId) throw new AppError("not_found", "Message not found");
  const { count } = await db.message.updateMany({
    where: { id: target.id, draft: true },
    data: { stopRequested: true },
  });
  if (count === 0) throw new AppError("conflict", "This reply is not being written any more");
}

/** Drafts left by a writer that died: made final as they are, marked as cut off. */
export async function endOrphanedDrafts(agentId: string): Promise<number> {
  const drafts = await db.message.findMany({
    where: { draft: true, sender: { agentId } },
    include: { sender: { include: { agent: { select: { name: true } } } } },
  });
  for (const row of drafts) {
    const draft: Draft = {
      target: { id: row.id, roomId: row.roomId, seq: row.seq, kind: "TEXT", senderId: row.senderId, redactedAt: null },
      sender: { id: row.senderId, name: row.sender.agent?.name ?? "Agent", kind: "agent" },
    };
    await finishDraft({ draft, body: cutOff(row.body) });
  }
  return drafts.length;
}

/** A reply that ended before the model finished it (`why`, when known, in words). */
export const cutOff = (body: string, why?: string) =>
  `${body.trimEnd()}${body.trim() ? "\n\n" : ""}_(reply cut off${why ? `: ${why}` : ""})_`;
