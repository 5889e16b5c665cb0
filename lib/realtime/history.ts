import "server-only";
import type { Prisma, MessageChangeKind as StoredChangeKind } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import type { MessageChangeKind, MessageView, RoomEvent } from "@/lib/platform/schemas";
import { messageInclude, viewOf } from "@/lib/realtime/message-view";

/**
 * A room's ordered history. One sequence per room (Room.lastSeq) numbers every durable change: a new
 * message takes its number as its seq (and keeps it for good, so agents' reply_to_seq and up_to_seq stay
 * message numbers), and an edit, deletion or reaction change takes the next number as a MessageChange row.
 * Streams replay and resume by that number, so a client that was away gets each change it missed, once.
 * A change row holds no text: it is shown with the message as it is when read (a deleted text is gone).
 */

export type SequencedEvent = Extract<RoomEvent, { type: "message" | "message_changed" }>;

export const seqOf = (event: SequencedEvent): number => (event.type === "message" ? event.message.seq : event.seq);

const changeKinds: Record<StoredChangeKind, MessageChangeKind> = {
  EDITED: "edited",
  DELETED: "deleted",
  REACTIONS: "reactions",
};

export function changeEvent(seq: number, kind: StoredChangeKind, message: MessageView): SequencedEvent {
  return { type: "message_changed", seq, change: changeKinds[kind], message };
}

/**
 * Takes the room's next number for a change of `messageId`, in the caller's transaction (the counter
 * bump locks the room row until commit, so numbers commit in order and a rollback leaves no gap).
 */
export async function recordChange(
  tx: Prisma.TransactionClient,
  { roomId, messageId, kind }: { roomId: string; messageId: string; kind: StoredChangeKind },
): Promise<number> {
  const [row] = await tx.$queryRaw<{ seq: number }[]>`
    WITH room AS (
      UPDATE "Room" SET "lastSeq" = "lastSeq" + 1, "lastActivityAt" = now() WHERE id = ${roomId} RETURNING "lastSeq"
    )
    INSERT INTO "MessageChange" (id, "roomId", seq, "messageId", kind)
    SELECT gen_random_uuid()::text, ${roomId}, room."lastSeq", ${messageId}, ${kind}::"MessageChangeKind" FROM room
    RETURNING seq`;
  if (!row) throw new Error(`Room ${roomId} does not exist`);
  return row.seq;
}

/** The room's history after `after` (up to `upTo`), messages and changes in sequence order. */
export async function historyAfter({
  roomId,
  after,
  upTo,
  limit,
}: {
  roomId: string;
  after: number;
  upTo?: number;
  limit: number;
}): Promise<SequencedEvent[]> {
  const below = upTo === undefined ? {} : { lte: upTo };
  // Each list alone is cut at `limit`; only the numbers up to where neither was cut are complete.
  const [messages, changes] = await Promise.all([
    db.message.findMany({
      where: { roomId, seq: { gt: after, ...below } },
      orderBy: { seq: "asc" },
      take: limit,
      include: messageInclude,
    }),
    db.messageChange.findMany({
      where: { roomId, seq: { gt: after, ...below } },
      orderBy: { seq: "asc" },
      take: limit,
      include: { message: { include: messageInclude } },
    }),
  ]);
  let complete = Number.POSITIVE_INFINITY;
  if (messages.length === limit) complete = Math.min(complete, messages[messages.length - 1].seq);
  if (changes.length === limit) complete = Math.min(complete, changes[changes.length - 1].seq);
  const events: SequencedEvent[] = [
    ...messages.map((row) => ({ type: "message" as const, message: viewOf(row) })),
    ...changes.map((row) => changeEvent(row.seq, row.kind, viewOf(row.message))),
  ];
  return events.filter((e) => seqOf(e) <= complete).sort((a, b) => seqOf(a) - seqOf(b));
}
