import "server-only";
import type { MessageChangeKind, Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import type { MessageView } from "@/lib/platform/schemas";
import { publishSequenced } from "@/lib/realtime/bus";
import { changeEvent, recordChange } from "@/lib/realtime/history";
import { messageInclude, REDACTED_BODY, viewOf } from "@/lib/realtime/message-view";
import { recordAudit } from "@/lib/review/audit";
import { deleteMessageAttachments, removeFiles } from "@/lib/rooms/attachments";
import { mentionsOf } from "@/lib/rooms/messages";

/**
 * Changes to messages already sent: edits and deletions. Each one takes its number in the room's
 * history (lib/realtime/history), so streams that were away get it when they resume.
 */

/** Who acts on a message: their seat in its room (null when they are not in it), and whether an admin. */
export type MessageActor = { participantId: string | null; userId?: string; isAdmin?: boolean; ip?: string | null };

const notFound = () => new AppError("not_found", "Message not found");

export type MessageTarget = {
  id: string;
  roomId: string;
  seq: number;
  kind: "TEXT" | "SYSTEM";
  senderId: string;
  redactedAt: Date | null;
};
const targetSelect = { id: true, roomId: true, seq: true, kind: true, senderId: true, redactedAt: true } as const;

/**
 * The message and the signed-in person's seat in its room. Someone not in the room learns nothing about
 * it (404), unless `admin` and the person is one.
 */
export async function messageForUser(
  messageId: string,
  user: { id: string; role: "USER" | "ADMIN" },
  { admin = false } = {},
): Promise<{ target: MessageTarget; actor: MessageActor }> {
  const target = await db.message.findUnique({ where: { id: messageId }, select: targetSelect });
  if (!target) throw notFound();
  const seat = await db.participant.findFirst({
    where: { roomId: target.roomId, userId: user.id, leftAt: null },
    select: { id: true },
  });
  const isAdmin = user.role === "ADMIN";
  if (!seat && !(admin && isAdmin)) throw notFound();
  return { target, actor: { participantId: seat?.id ?? null, userId: user.id, isAdmin } };
}

/** The message numbered `seq` in the room of an agent's seat. */
export async function messageBySeq(roomId: string, seq: number): Promise<MessageTarget> {
  const target = await db.message.findUnique({ where: { roomId_seq: { roomId, seq } }, select: targetSelect });
  if (!target) throw new AppError("not_found", `No message with seq ${seq} in this room`);
  return target;
}

function requireLive(target: MessageTarget): void {
  if (target.kind === "SYSTEM") throw new AppError("unprocessable", "System notices cannot be changed");
  if (target.redactedAt) throw new AppError("conflict", "This message was deleted");
}

/**
 * Rewrites the body of the message's pending `message.created` webhook deliveries, so that no copy of a
 * text that was edited away or deleted survives in the outbox (a delivery still queued, or resent later).
 */
async function rewriteOutbox(tx: Prisma.TransactionClient, messageId: string, body: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "WebhookDelivery" SET payload = jsonb_set(payload, '{data,body}', to_jsonb(${body}::text))
    WHERE event = 'message.created' AND payload #>> '{data,id}' = ${messageId}`;
}

/** Commits `write` with the change's number, then shows the change to the room's streams. */
export async function commitChange(
  target: MessageTarget,
  kind: MessageChangeKind,
  write: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<MessageView> {
  const { seq, row } = await db.$transaction(async (tx) => {
    await write(tx);
    const seq = await recordChange(tx, { roomId: target.roomId, messageId: target.id, kind });
    return { seq, row: await tx.message.findUniqueOrThrow({ where: { id: target.id }, include: messageInclude }) };
  });
  const message = viewOf(row);
  publishSequenced(target.roomId, changeEvent(seq, kind, message));
  return message;
}

/** The author edits their message: new body (and mentions), editedAt, same seq. */
export async function editMessage({
  target,
  actor,
  body,
}: {
  target: MessageTarget;
  actor: MessageActor;
  body: string;
}): Promise<MessageView> {
  if (target.senderId !== actor.participantId) throw new AppError("forbidden", "Only the message's author can edit it");
  requireLive(target);
  return commitChange(target, "EDITED", async (tx) => {
    const updated = await tx.$executeRaw`
      UPDATE "Message" SET body = ${body}, "editedAt" = now(), mentions = ${mentionsOf(target.roomId, body)}
      WHERE id = ${target.id} AND "redactedAt" IS NULL`;
    if (updated !== 1) throw new AppError("conflict", "This message was deleted");
    await rewriteOutbox(tx, target.id, body);
  });
}

/**
 * Deletion by the author or an admin (the one mechanism; it used to be called redaction): the stored
 * body is replaced, its reactions, mentions and files go, and the pending webhook deliveries lose the text, so no
 * reader, export or backup made afterwards holds it. The message keeps its place (and seq) as "deleted";
 * the audit log keeps who and when, never the text. Deleting twice changes nothing.
 */
export async function deleteMessage({
  target,
  actor,
}: {
  target: MessageTarget;
  actor: MessageActor;
}): Promise<MessageView> {
  const isAuthor = target.senderId === actor.participantId;
  if (!isAuthor && !actor.isAdmin)
    throw new AppError("forbidden", "Only the message's author or an admin can delete it");
  if (target.kind === "SYSTEM") throw new AppError("unprocessable", "System notices cannot be deleted");
  if (target.redactedAt)
    return viewOf(await db.message.findUniqueOrThrow({ where: { id: target.id }, include: messageInclude }));
  let files: { storageKey: string; thumbnail: boolean }[] = [];
  const deleted = await commitChange(target, "DELETED", async (tx) => {
    const { count } = await tx.message.updateMany({
      where: { id: target.id, redactedAt: null },
      data: { body: REDACTED_BODY, redactedAt: new Date(), mentions: [] },
    });
    // Deleted meanwhile by someone else: that deletion was the change (rolls this one back).
    if (count !== 1) throw new AppError("conflict", "This message was deleted already");
    await tx.reaction.deleteMany({ where: { messageId: target.id } });
    files = await deleteMessageAttachments(tx, target.id);
    await rewriteOutbox(tx, target.id, REDACTED_BODY);
    await recordAudit(
      {
        action: "message.redacted",
        actorUserId: actor.userId ?? null,
        targetType: "message",
        targetId: target.id,
        ip: actor.ip,
        meta: { roomId: target.roomId, seq: target.seq, as: isAuthor ? "author" : "admin" },
      },
      tx,
    );
  });
  // Once the rows are gone for good: a rolled-back deletion keeps its files.
  await removeFiles(files);
  return deleted;
}
