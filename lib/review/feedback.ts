import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import type { FeedbackFilter } from "@/lib/platform/schemas";
import { REDACTED_BODY } from "@/lib/realtime/message-view";
import { recordAudit } from "@/lib/review/audit";
import { enqueueWebhooks, kickWebhookSender } from "@/lib/review/webhooks";

/** People's ratings of agent replies: one per person per message. */

type Rating = "up" | "down" | null;
const toDb = (r: Rating) => (r === "up" ? "UP" : r === "down" ? "DOWN" : null);
const fromDb = (r: "UP" | "DOWN" | null): Rating => (r === "UP" ? "up" : r === "DOWN" ? "down" : null);

/**
 * Creates or replaces the caller's feedback on an agent message of a room they are in; a null rating
 * with no comment removes it. Webhooks are written to the outbox in the same transaction.
 */
export async function setFeedback({
  userId,
  messageId,
  rating,
  comment,
}: {
  userId: string;
  messageId: string;
  rating: Rating;
  comment?: string;
}) {
  const message = await db.message.findUnique({
    where: { id: messageId },
    select: {
      id: true,
      roomId: true,
      seq: true,
      notice: true,
      sender: { select: { agentId: true, agent: { select: { name: true } } } },
    },
  });
  const member =
    message && (await db.participant.findUnique({ where: { roomId_userId: { roomId: message.roomId, userId } } }));
  // Messages in rooms one is not in do not exist, as far as the caller can tell.
  if (!message || !member || member.leftAt) throw new AppError("not_found", "Message not found");
  const agentId = message.sender.agentId;
  if (!agentId) throw new AppError("unprocessable", "Only agent messages can be rated");
  if (message.notice) throw new AppError("unprocessable", "An agent's notice is not a reply: it cannot be rated");

  const text = comment?.trim() || null;
  if (rating === null && !text) {
    await db.feedback.deleteMany({ where: { messageId, userId } });
    return { feedback: null };
  }
  const { feedback, webhooks } = await db.$transaction(async (tx) => {
    const existing = await tx.feedback.findUnique({
      where: { messageId_userId: { messageId, userId } },
      select: { rating: true },
    });
    const saved = await tx.feedback.upsert({
      where: { messageId_userId: { messageId, userId } },
      create: { messageId, userId, agentId, roomId: message.roomId, rating: toDb(rating), comment: text },
      // A changed opinion is a new one to review.
      update: { rating: toDb(rating), comment: text, reviewedAt: null, reviewedById: null },
    });
    const payload = {
      feedback_id: saved.id,
      message_id: messageId,
      room_id: message.roomId,
      seq: message.seq,
      agent: { id: agentId, name: message.sender.agent?.name ?? null },
      user_id: userId,
      rating,
      comment: text,
    } satisfies Prisma.InputJsonObject;
    let count = 0;
    if (!existing) count += await enqueueWebhooks(tx, { event: "feedback.created", payload, roomId: message.roomId });
    if (rating === "down" && existing?.rating !== "DOWN") {
      count += await enqueueWebhooks(tx, { event: "feedback.negative", payload, roomId: message.roomId });
    }
    return { feedback: saved, webhooks: count };
  });
  if (webhooks > 0) kickWebhookSender();
  return {
    feedback: {
      messageId,
      rating: fromDb(feedback.rating),
      comment: feedback.comment,
      updatedAt: feedback.updatedAt.toISOString(),
    },
  };
}

/** The caller's own feedback on a room's messages, so the page can show their current rating. */
export async function myFeedbackInRoom({ userId, roomId }: { userId: string; roomId: string }) {
  const rows = await db.feedback.findMany({
    where: { userId, roomId },
    select: { messageId: true, rating: true, comment: true },
  });
  return rows.map((r) => ({ messageId: r.messageId, rating: fromDb(r.rating), comment: r.comment }));
}

// ---- admin review ----

export function whereOf(f: FeedbackFilter): Prisma.FeedbackWhereInput {
  return {
    ...(f.rating && { rating: toDb(f.rating) }),
    ...(f.agentId && { agentId: f.agentId }),
    ...(f.roomId && { roomId: f.roomId }),
    ...((f.from || f.to) && { createdAt: { ...(f.from && { gte: f.from }), ...(f.to && { lte: f.to }) } }),
    ...(f.reviewed !== undefined && { reviewedAt: f.reviewed ? { not: null } : null }),
    ...(f.hasComment !== undefined && { comment: f.hasComment ? { not: null } : null }),
    ...(f.q && { comment: { contains: f.q, mode: "insensitive" } }),
  };
}

const listInclude = {
  user: { select: { name: true, email: true } },
  message: {
    select: {
      seq: true,
      body: true,
      redactedAt: true,
      createdAt: true,
      sender: { select: { agent: { select: { id: true, name: true } } } },
      room: { select: { id: true, name: true } },
    },
  },
} satisfies Prisma.FeedbackInclude;

type ListRow = Prisma.FeedbackGetPayload<{ include: typeof listInclude }>;

function rowView(f: ListRow) {
  return {
    id: f.id,
    rating: fromDb(f.rating),
    comment: f.comment,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
    reviewed: f.reviewedAt !== null,
    reviewedAt: f.reviewedAt?.toISOString() ?? null,
    adminNote: f.adminNote,
    user: { id: f.userId, name: f.user.name ?? f.user.email },
    agent: { id: f.agentId, name: f.message.sender.agent?.name ?? "(deleted agent)" },
    room: f.message.room,
    message: {
      id: f.messageId,
      seq: f.message.seq,
      body: f.message.redactedAt ? REDACTED_BODY : f.message.body,
      redacted: f.message.redactedAt !== null,
      createdAt: f.message.createdAt.toISOString(),
    },
  };
}

export type FeedbackRow = ReturnType<typeof rowView>;

/** Keyset cursor over (createdAt, id): pages stay fast however deep one goes. */
const encodeCursor = (f: { createdAt: Date; id: string }) =>
  Buffer.from(`${f.createdAt.toISOString()}|${f.id}`).toString("base64url");
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw new AppError("unprocessable", "Invalid cursor");
  return { createdAt, id };
}

async function page(filter: FeedbackFilter, cursor: { createdAt: Date; id: string } | undefined, limit: number) {
  const newest = filter.sort === "newest";
  const op = newest ? "lt" : "gt";
  const rows = await db.feedback.findMany({
    where: {
      AND: [
        whereOf(filter),
        cursor
          ? {
              OR: [{ createdAt: { [op]: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { [op]: cursor.id } }],
            }
          : {},
      ],
    },
    orderBy: [{ createdAt: newest ? "desc" : "asc" }, { id: newest ? "desc" : "asc" }],
    take: limit,
    include: listInclude,
  });
  return rows;
}

export async function listFeedback(filter: FeedbackFilter & { cursor?: string; limit: number }) {
  const rows = await page(filter, filter.cursor ? decodeCursor(filter.cursor) : undefined, filter.limit + 1);
  const more = rows.length > filter.limit;
  const items = rows.slice(0, filter.limit);
  return { items: items.map(rowView), nextCursor: more ? encodeCursor(items[items.length - 1]) : null };
}

/** Every row matching the filter, a page at a time, for streamed exports. */
export async function* iterateFeedback(filter: FeedbackFilter): AsyncGenerator<FeedbackRow> {
  let cursor: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await page(filter, cursor, 500);
    for (const row of rows) yield rowView(row);
    if (rows.length < 500) return;
    const last = rows[rows.length - 1];
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}

/** One feedback item in its conversation: the messages around it and the room's metadata. */
export async function feedbackInContext(id: string) {
  const feedback = await db.feedback.findUnique({ where: { id }, include: listInclude });
  if (!feedback) throw new AppError("not_found", "Feedback not found");
  const seq = feedback.message.seq;
  const [around, room, reviewer] = await Promise.all([
    db.message.findMany({
      where: { roomId: feedback.roomId, seq: { gte: seq - 6, lte: seq + 3 } },
      orderBy: { seq: "asc" },
      include: { sender: { select: { user: { select: { name: true } }, agent: { select: { name: true } } } } },
    }),
    db.room.findUniqueOrThrow({ where: { id: feedback.roomId }, select: { id: true, name: true, metadata: true } }),
    feedback.reviewedById
      ? db.user.findUnique({ where: { id: feedback.reviewedById }, select: { name: true, email: true } })
      : null,
  ]);
  return {
    feedback: { ...rowView(feedback), reviewedBy: reviewer ? (reviewer.name ?? reviewer.email) : null },
    room,
    conversation: around.map((m) => ({
      seq: m.seq,
      kind: m.kind === "SYSTEM" ? "system" : "text",
      sender: {
        name: m.sender.agent?.name ?? m.sender.user?.name ?? "Someone",
        kind: m.sender.agent ? "agent" : "user",
      },
      body: m.redactedAt ? REDACTED_BODY : m.body,
      createdAt: m.createdAt.toISOString(),
      rated: m.seq === seq,
    })),
  };
}

export async function reviewFeedback({
  id,
  adminId,
  reviewed,
  note,
}: {
  id: string;
  adminId: string;
  reviewed: boolean;
  note?: string;
}) {
  const { count } = await db.feedback.updateMany({
    where: { id },
    data: {
      reviewedAt: reviewed ? new Date() : null,
      reviewedById: reviewed ? adminId : null,
      ...(note !== undefined && { adminNote: note || null }),
    },
  });
  if (count === 0) throw new AppError("not_found", "Feedback not found");
  await recordAudit({
    action: reviewed ? "admin.feedback_reviewed" : "admin.feedback_unreviewed",
    actorUserId: adminId,
    targetType: "feedback",
    targetId: id,
  });
  return (await feedbackInContext(id)).feedback;
}

/**
 * Per-agent figures: ratings, satisfaction, comments, replies (notices are not replies, though their tokens
 * count), tokens (in, out, and read from or written to the prompt cache) and latency percentiles, ratings per day.
 */
export async function agentSummaries({ days = 30 }: { days?: number } = {}) {
  const since = new Date(Date.now() - days * 86_400_000);
  const [ratings, usage, daily] = await Promise.all([
    db.$queryRaw<{ agentId: string; name: string; up: number; down: number; comments: number }[]>`
      SELECT a.id AS "agentId", a.name,
             count(*) FILTER (WHERE f.rating = 'UP')::int AS up,
             count(*) FILTER (WHERE f.rating = 'DOWN')::int AS down,
             count(f.comment)::int AS comments
      FROM "Agent" a LEFT JOIN "Feedback" f ON f."agentId" = a.id
      GROUP BY a.id, a.name ORDER BY a.name`,
    db.$queryRaw<
      {
        agentId: string;
        messages: number;
        inputTokens: number;
        outputTokens: number;
        cacheReadTokens: number;
        cacheWriteTokens: number;
        p50: number | null;
        p95: number | null;
      }[]
    >`
      SELECT p."agentId", (count(*) FILTER (WHERE NOT m.notice))::int AS messages,
             coalesce(sum(m."inputTokens"), 0)::int AS "inputTokens", coalesce(sum(m."outputTokens"), 0)::int AS "outputTokens",
             coalesce(sum(m."cacheReadTokens"), 0)::int AS "cacheReadTokens", coalesce(sum(m."cacheWriteTokens"), 0)::int AS "cacheWriteTokens",
             percentile_cont(0.5) WITHIN GROUP (ORDER BY m."latencyMs") FILTER (WHERE NOT m.notice) AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY m."latencyMs") FILTER (WHERE NOT m.notice) AS p95
      FROM "Message" m JOIN "Participant" p ON p.id = m."senderId"
      WHERE p."agentId" IS NOT NULL AND m.kind = 'TEXT'
      GROUP BY p."agentId"`,
    db.$queryRaw<{ agentId: string; day: Date; up: number; down: number }[]>`
      SELECT "agentId", date_trunc('day', "createdAt") AS day,
             count(*) FILTER (WHERE rating = 'UP')::int AS up, count(*) FILTER (WHERE rating = 'DOWN')::int AS down
      FROM "Feedback" WHERE "createdAt" >= ${since}
      GROUP BY "agentId", day ORDER BY day`,
  ]);
  return ratings.map((r) => {
    const u = usage.find((x) => x.agentId === r.agentId);
    const rated = r.up + r.down;
    return {
      agent: { id: r.agentId, name: r.name },
      up: r.up,
      down: r.down,
      satisfaction: rated ? Math.round((r.up / rated) * 1000) / 10 : null,
      comments: r.comments,
      messages: u?.messages ?? 0,
      tokens: {
        input: u?.inputTokens ?? 0,
        output: u?.outputTokens ?? 0,
        cacheRead: u?.cacheReadTokens ?? 0,
        cacheWrite: u?.cacheWriteTokens ?? 0,
      },
      latencyMs: { p50: u?.p50 ?? null, p95: u?.p95 ?? null },
      perDay: daily
        .filter((d) => d.agentId === r.agentId)
        .map((d) => ({ day: d.day.toISOString().slice(0, 10), up: d.up, down: d.down })),
    };
  });
}

export async function listAllAgents() {
  return db.agent.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}
