import "server-only";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import type { MessageView } from "@/lib/platform/schemas";
import { messageInclude, viewOf } from "@/lib/realtime/message-view";

/**
 * Threads: replies to a message of the room's timeline (its root), numbered in the room's one sequence like
 * every message, so streams carry and resume them as they do the rest. The root keeps the thread's summary
 * (lib/rooms/message-batch writes it with each reply). People who took part (the root's author and those
 * who replied) see how many replies they have not read, from their marker in the thread.
 */

/** A thread: its root and its replies after `after`, oldest first. 404 when the room has no such root. */
/** Threads hang off text messages of the room's timeline: they do not nest. */
export const canRootThread = (m: { kind: string; threadRootSeq: number | null } | null) =>
  m?.kind === "TEXT" && m.threadRootSeq === null;

export async function listThread({
  roomId,
  rootSeq,
  after = 0,
  limit,
}: {
  roomId: string;
  rootSeq: number;
  after?: number;
  limit: number;
}): Promise<{ root: MessageView; messages: MessageView[] }> {
  const root = await db.message.findUnique({
    where: { roomId_seq: { roomId, seq: rootSeq } },
    include: messageInclude,
  });
  if (!root || !canRootThread(root)) throw new AppError("not_found", "Thread not found");
  const rows = await db.message.findMany({
    where: { roomId, threadRootSeq: rootSeq, seq: { gt: after } },
    orderBy: { seq: "asc" },
    take: limit,
    include: messageInclude,
  });
  return { root: viewOf(root), messages: rows.map(viewOf) };
}

/** Moves a participant's read position in a thread forward to `seq` (never back). */
export async function markThreadRead({
  participantId,
  rootSeq,
  seq,
}: {
  participantId: string;
  rootSeq: number;
  seq: number;
}) {
  // Only for a message of the participant's room: a marker per made-up seq would be a row per request.
  await db.$executeRaw`
    INSERT INTO "ThreadMarker" ("participantId", "rootSeq", "lastReadSeq")
    SELECT p.id, ${rootSeq}, ${seq} FROM "Participant" p
    WHERE p.id = ${participantId}
      AND EXISTS (SELECT 1 FROM "Message" m WHERE m."roomId" = p."roomId" AND m.seq = ${rootSeq})
    ON CONFLICT ("participantId", "rootSeq") DO UPDATE SET "lastReadSeq" = GREATEST("ThreadMarker"."lastReadSeq", EXCLUDED."lastReadSeq")`;
}

export type ThreadActivity = { rootSeq: number; replyCount: number; lastReplyAt: string | null; unread: number };

/**
 * The threads of a room that a participant took part in (wrote the root or a reply) or was mentioned in,
 * newest activity first, with the replies from others they have not read.
 */
export async function threadsOf({
  roomId,
  participantId,
  limit = 100,
}: {
  roomId: string;
  participantId: string;
  limit?: number;
}): Promise<ThreadActivity[]> {
  const rows = await db.$queryRaw<{ rootSeq: number; replyCount: number; lastReplyAt: Date | null; unread: number }[]>`
    SELECT r.seq AS "rootSeq", r."threadReplyCount" AS "replyCount", r."threadLastReplyAt" AS "lastReplyAt",
      (SELECT count(*)::int FROM "Message" m
        WHERE m."roomId" = r."roomId" AND m."threadRootSeq" = r.seq AND m."senderId" <> ${participantId}
          AND m.seq > coalesce(t."lastReadSeq", 0)) AS unread
    FROM "Message" r LEFT JOIN "ThreadMarker" t ON t."participantId" = ${participantId} AND t."rootSeq" = r.seq
    WHERE r."roomId" = ${roomId} AND r."threadReplyCount" > 0
      AND (r."senderId" = ${participantId} OR ${participantId} = ANY(r."threadRepliers")
        OR EXISTS (SELECT 1 FROM "Message" m
          WHERE m."roomId" = r."roomId" AND m."threadRootSeq" = r.seq AND ${participantId} = ANY(m.mentions)))
    ORDER BY r."threadLastReplyAt" DESC NULLS LAST
    LIMIT ${limit}`;
  return rows.map((r) => ({ ...r, lastReplyAt: r.lastReplyAt?.toISOString() ?? null }));
}
