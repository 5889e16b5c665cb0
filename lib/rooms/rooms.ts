import "server-only";
import type { SessionUser } from "@/lib/auth/users";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, hotPool } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { createSendLimiter } from "@/lib/platform/rate-limit";
import { type InputMode, type ParticipantView, replyRuleOf } from "@/lib/platform/schemas";
import { publishRoomEvent } from "@/lib/realtime/bus";
import { type SenderRef, senderOf } from "@/lib/realtime/message-view";
import { isOnline } from "@/lib/realtime/presence";
import { forgetRoom, rememberedSeat } from "@/lib/realtime/seat-cache";
import { appendMessage, inTimeline } from "@/lib/rooms/messages";
import { markReadBehind } from "@/lib/rooms/read-markers";
import { markThreadRead } from "@/lib/rooms/threads";

const participantInclude = {
  user: { select: { name: true, email: true } },
  agent: { select: { name: true } },
} satisfies Prisma.ParticipantInclude;

type ParticipantRow = Prisma.ParticipantGetPayload<{ include: typeof participantInclude }>;

/** Why a hosted agent does not answer now, or null (answering, or not hosted). */
function pausedBecause(
  hosted: { enabled: boolean; pausedAt: Date | null; pauseReason: string | null } | null | undefined,
) {
  if (!hosted) return null;
  if (hosted.pausedAt) return hosted.pauseReason ?? "paused";
  return hosted.enabled ? null : "paused by its owner";
}

export type Membership = { roomId: string; participant: ParticipantRow; sender: SenderRef; isOwner: boolean };

const notFound = () => new AppError("not_found", "Room not found");

type SeatRow = Awaited<ReturnType<typeof findSeat>>;
/** A person's present seat in a room. */
export type Seat = NonNullable<SeatRow>;

/** A person's seat in a room, or null: one query, no relations. */
export function findSeat({ roomId, userId }: { roomId: string; userId: string }) {
  return db.participant.findUnique({ where: { roomId_userId: { roomId, userId } } });
}

/** findSeat(), remembered by this process until the room's participants change (lib/realtime/seat-cache). */
export function findRememberedSeat({ roomId, userId }: { roomId: string; userId: string }): Promise<SeatRow> {
  return rememberedSeat({ roomId, userId }, () => findSeat({ roomId, userId }));
}

/**
 * The caller's place in a room. Rooms one is not in answer 404, so their existence is not revealed.
 * The person was just read (requireUser) and a person's seat has no agent, so the seat alone is read,
 * or taken from `seat` when the caller started reading it alongside the person.
 */
export async function requireMembership({
  roomId,
  user,
  seat,
}: {
  roomId: string;
  user: Pick<SessionUser, "id" | "name" | "email">;
  seat?: Promise<SeatRow>;
}): Promise<Membership> {
  const row = presentSeat(await (seat ?? findSeat({ roomId, userId: user.id })), { roomId, userId: user.id });
  const participant: ParticipantRow = { ...row, user: { name: user.name, email: user.email }, agent: null };
  return { roomId, participant, sender: senderOf(participant), isOwner: participant.role === "OWNER" };
}

/** The seat a send goes from, remembered by this process (findRememberedSeat); 404 when there is none. */
export async function requireRememberedSeat({ roomId, userId }: { roomId: string; userId: string }) {
  return presentSeat(await findRememberedSeat({ roomId, userId }), { roomId, userId });
}

function presentSeat(seat: SeatRow, { roomId, userId }: { roomId: string; userId: string }): Seat {
  if (!seat || seat.leftAt || seat.roomId !== roomId || seat.userId !== userId) throw notFound();
  return seat;
}

export async function createRoom({ ownerId, name }: { ownerId: string; name: string }) {
  const room = await db.room.create({
    data: { name, ownerId, participants: { create: { userId: ownerId, role: "OWNER" } } },
  });
  return { id: room.id, name: room.name, createdAt: room.createdAt.toISOString() };
}

/** The other member of each direct room among `roomIds`, by room: the name the room goes by for `userId`. */
async function directPartners(roomIds: string[], userId: string): Promise<Map<string, string>> {
  if (roomIds.length === 0) return new Map();
  const others = await db.participant.findMany({
    where: { roomId: { in: roomIds }, OR: [{ userId: { not: userId } }, { userId: null }] },
    include: participantInclude,
    orderBy: { joinedAt: "asc" },
  });
  return new Map(others.map((p) => [p.roomId, senderOf(p).name]));
}

export async function listRoomsForUser(userId: string) {
  const memberships = await db.participant.findMany({
    where: { userId, leftAt: null, room: { archivedAt: null } },
    include: {
      room: {
        include: {
          // The last message of the room's timeline (a quiet thread reply is in its thread).
          messages: {
            where: inTimeline,
            orderBy: { seq: "desc" },
            take: 1,
            include: { sender: { include: participantInclude } },
          },
        },
      },
    },
    orderBy: { room: { lastActivityAt: "desc" } },
  });
  // Counted, not subtracted: the room's sequence also numbers edits, deletions and reactions.
  const unread = new Map(
    (
      await db.$queryRaw<{ roomId: string; n: number; mentions: number }[]>`
        SELECT p."roomId", count(m.id)::int AS n, count(m.id) FILTER (WHERE p.id = ANY(m.mentions))::int AS mentions
        FROM "Participant" p
        JOIN "Message" m ON m."roomId" = p."roomId" AND m.seq > p."lastReadSeq" AND m."senderId" <> p.id
          -- Thread replies count in their thread, unless also sent to the room or mentioning the person.
          AND (m."threadRootSeq" IS NULL OR m."alsoToRoom" OR p.id = ANY(m.mentions))
        WHERE p.id = ANY(${memberships.map((m) => m.id)}) GROUP BY p."roomId"`
    ).map((row) => [row.roomId, row]),
  );
  const partners = await directPartners(
    memberships.filter((m) => m.room.direct).map((m) => m.roomId),
    userId,
  );
  return memberships.map(({ room, role, mutedAt }) => {
    const last = room.messages[0];
    return {
      id: room.id,
      // A direct room goes by the other member's name.
      name: (room.direct && partners.get(room.id)) || room.name,
      direct: room.direct,
      role: role === "OWNER" ? ("owner" as const) : ("member" as const),
      lastSeq: room.lastSeq,
      unread: unread.get(room.id)?.n ?? 0,
      /** Unread messages that @mention the person: shown apart, and even in a muted room. */
      mentions: unread.get(room.id)?.mentions ?? 0,
      muted: mutedAt !== null,
      lastActivityAt: room.lastActivityAt.toISOString(),
      lastMessage: last
        ? {
            seq: last.seq,
            body: last.redactedAt ? "[message redacted]" : last.body.slice(0, 200),
            senderName: senderOf(last.sender).name,
            createdAt: last.createdAt.toISOString(),
          }
        : null,
    };
  });
}

export async function listParticipants(roomId: string): Promise<ParticipantView[]> {
  const rows = await db.participant.findMany({
    where: { roomId, leftAt: null },
    include: {
      ...participantInclude,
      agent: { select: { name: true, hosted: { select: { enabled: true, pausedAt: true, pauseReason: true } } } },
      leases: { where: { expiresAt: { gt: new Date() } }, select: { expiresAt: true } },
    },
    orderBy: { joinedAt: "asc" },
  });
  return rows.map((p) => ({
    id: p.id,
    kind: p.agentId ? "agent" : "user",
    userId: p.userId,
    agentId: p.agentId,
    name: senderOf(p).name,
    role: p.role === "OWNER" ? "owner" : "member",
    online: isOnline(p),
    lastSeenAt: p.lastSeenAt?.toISOString() ?? null,
    replyRule: p.agentId ? replyRuleOf(p.replyRule) : null,
    // Handed messages it has not answered yet: the room shows "working on a reply" until then.
    workingUntil: p.leases.length
      ? new Date(Math.max(...p.leases.map((l) => l.expiresAt.getTime()))).toISOString()
      : null,
    paused: pausedBecause(p.agent?.hosted),
  }));
}

/** single: one person with one agent (or alone); multi: two or more people, or three or more participants. */
export function inputModeOf(participants: Pick<ParticipantView, "kind">[]): InputMode {
  return inputModeFor(participants.filter((p) => p.kind === "user").length, participants.length);
}

function inputModeFor(people: number, everyone: number): InputMode {
  return people >= 2 || everyone >= 3 ? "multi" : "single";
}

/** A room's input mode alone: one count of who is present, without the names listParticipants loads. */
export async function roomInputMode(roomId: string): Promise<InputMode> {
  const { rows } = await hotPool().query<{ people: number; everyone: number }>({
    name: "parley_room_mode",
    text: `SELECT count(*) FILTER (WHERE "agentId" IS NULL)::int AS people, count(*)::int AS everyone
           FROM "Participant" WHERE "roomId" = $1 AND "leftAt" IS NULL`,
    values: [roomId],
  });
  return inputModeFor(rows[0].people, rows[0].everyone);
}

export async function getRoom(membership: Membership) {
  const room = await db.room.findUniqueOrThrow({ where: { id: membership.roomId } });
  const participants = await listParticipants(room.id);
  const partner = room.direct ? participants.find((p) => p.id !== membership.participant.id) : undefined;
  return {
    id: room.id,
    name: partner?.name ?? room.name,
    direct: room.direct,
    ownerId: room.ownerId,
    lastSeq: room.lastSeq,
    createdAt: room.createdAt.toISOString(),
    you: {
      participantId: membership.participant.id,
      role: membership.isOwner ? "owner" : "member",
      // Where the page opens: the "New" divider goes after this message.
      lastReadSeq: membership.participant.lastReadSeq,
      muted: membership.participant.mutedAt !== null,
    },
    participants,
    mode: inputModeOf(participants),
  };
}

export async function renameRoom({ membership, name }: { membership: Membership; name: string }) {
  if (!membership.isOwner) throw new AppError("forbidden", "Only the room's owner can rename it");
  const room = await db.room.update({ where: { id: membership.roomId }, data: { name } });
  publishRoomEvent(room.id, { type: "room", name: room.name });
  return { id: room.id, name: room.name };
}

export async function markRead({ membership, seq }: { membership: Membership; seq: number }) {
  await db.participant.updateMany({
    where: { id: membership.participant.id, lastReadSeq: { lt: seq } },
    data: { lastReadSeq: seq },
  });
}

const personSendLimit = createSendLimiter("send_message", env.SEND_RATE_PER_MINUTE);

/** Takes one of a person's send tokens (429 when none is left): the send route's rate limit. */
export const takeSendToken = (userId: string) => personSendLimit(userId, "messages");

/**
 * A person's message from their `seat` (requireRememberedSeat): rate-limited per person (`token`, from
 * takeSendToken; a retry is still answered), stored only while they hold the seat and their `sessionId`
 * is live, and it marks the room read up to it (written behind the reply, lib/rooms/read-markers).
 */
export async function sendPersonMessage({
  seat,
  sessionId,
  body,
  clientId,
  replyToSeq,
  attachmentIds,
  threadRootSeq,
  alsoToRoom,
  token,
}: {
  seat: { id: string; roomId: string };
  sessionId: string;
  body: string;
  clientId?: string;
  replyToSeq?: number;
  attachmentIds?: string[];
  threadRootSeq?: number;
  alsoToRoom?: boolean;
  token: Promise<void>;
}) {
  const { roomId } = seat;
  try {
    const result = await appendMessage({
      roomId,
      sender: { id: seat.id, kind: "user" },
      body,
      clientId,
      replyToSeq,
      attachmentIds,
      threadRootSeq,
      alsoToRoom,
      requireSeat: true,
      sessionId,
      rateLimit: () => token,
    });
    if (result.created) markReadBehind(seat.id, result.message.seq);
    // Writing in a thread reads it up to there (its unread count starts after).
    if (result.created && threadRootSeq !== undefined)
      await markThreadRead({ participantId: seat.id, rootSeq: threadRootSeq, seq: result.message.seq });
    return result;
  } catch (err) {
    // The seat this process remembered is gone (the news of it is on its way here): forget it now.
    if (err instanceof AppError && err.code === "not_found") forgetRoom(roomId);
    throw err;
  }
}

/** A system notice, then the new participant list's event; `left` names those whose streams must end. */
export async function announceMembership(
  roomId: string,
  notices: { sender: SenderRef; text: string }[],
  left: string[] = [],
): Promise<void> {
  for (const { sender, text } of notices) await appendMessage({ roomId, sender, body: text, kind: "SYSTEM" });
  publishRoomEvent(roomId, {
    type: "participants",
    mode: inputModeOf(await listParticipants(roomId)),
    ...(left.length > 0 && { left }),
  });
}

/**
 * Adds a person or an agent to a room, or brings back one who left. The room row is locked so that
 * concurrent joins cannot pass MAX_PARTICIPANTS, and so that an agent's cursor starts exactly where the
 * room's history stands: an agent is handed only messages sent after it joined (earlier ones are context).
 */
export async function addParticipant({
  roomId,
  member,
}: {
  roomId: string;
  member: { userId: string } | { agentId: string };
}): Promise<{ participant: ParticipantRow; joined: boolean }> {
  const where =
    "userId" in member
      ? { roomId_userId: { roomId, userId: member.userId } }
      : { roomId_agentId: { roomId, agentId: member.agentId } };
  const result = await db.$transaction(async (tx) => {
    const [room] = await tx.$queryRaw<
      { lastSeq: number }[]
    >`SELECT "lastSeq" FROM "Room" WHERE id = ${roomId} FOR UPDATE`;
    const cursor = "agentId" in member ? { lastReadSeq: room?.lastSeq ?? 0 } : {};
    const existing = await tx.participant.findUnique({ where, include: participantInclude });
    if (existing && !existing.leftAt) return { participant: existing, joined: false };
    const count = await tx.participant.count({ where: { roomId, leftAt: null } });
    if (count >= env.MAX_PARTICIPANTS) {
      throw new AppError("conflict", `This room is full (${env.MAX_PARTICIPANTS} participants at most)`);
    }
    const participant = existing
      ? await tx.participant.update({
          where: { id: existing.id },
          data: { leftAt: null, joinedAt: new Date(), ...cursor },
          include: participantInclude,
        })
      : await tx.participant.create({ data: { roomId, ...member, ...cursor }, include: participantInclude });
    return { participant, joined: true };
  });
  if (result.joined) {
    const sender = senderOf(result.participant);
    await announceMembership(roomId, [{ sender, text: `${sender.name} joined` }]);
  }
  return result;
}

/**
 * The person leaves, and so do the agents they brought (through which they could otherwise still read
 * the room); their open streams end.
 */
export async function leaveRoom({ membership }: { membership: Membership }) {
  const { roomId, participant } = membership;
  const ownAgents = await db.participant.findMany({
    where: { roomId, leftAt: null, agent: { ownerId: participant.userId ?? "" } },
    include: participantInclude,
  });
  await db.$transaction(async (tx) => {
    const now = new Date();
    await tx.participant.update({ where: { id: participant.id }, data: { leftAt: now, role: "MEMBER" } });
    await tx.participant.updateMany({ where: { id: { in: ownAgents.map((a) => a.id) } }, data: { leftAt: now } });
    if (!membership.isOwner) return;
    // The longest-standing person left in the room inherits it.
    const heir = await tx.participant.findFirst({
      where: { roomId, leftAt: null, userId: { not: null } },
      orderBy: { joinedAt: "asc" },
    });
    if (heir) {
      await tx.participant.update({ where: { id: heir.id }, data: { role: "OWNER" } });
      await tx.room.update({ where: { id: roomId }, data: { ownerId: heir.userId as string } });
    }
  });
  const leaving = [membership.sender, ...ownAgents.map(senderOf)];
  await announceMembership(
    roomId,
    leaving.map((sender) => ({ sender, text: `${sender.name} left` })),
    leaving.map((sender) => sender.id),
  );
}

/** Removes an agent from a room: for the room's owner and for the agent's owner. */
export async function removeAgent({ membership, participantId }: { membership: Membership; participantId: string }) {
  const target = await db.participant.findFirst({
    where: { id: participantId, roomId: membership.roomId, leftAt: null, agentId: { not: null } },
    include: { ...participantInclude, agent: { select: { name: true, ownerId: true } } },
  });
  if (!target) throw new AppError("not_found", "No such agent in this room");
  if (!membership.isOwner && target.agent?.ownerId !== membership.participant.userId) {
    throw new AppError("forbidden", "Only the room's owner or the agent's owner can remove it");
  }
  await db.participant.update({ where: { id: target.id }, data: { leftAt: new Date() } });
  const sender = senderOf(target);
  await announceMembership(membership.roomId, [{ sender, text: `${sender.name} was removed` }], [sender.id]);
}

// ---- activity (health details and the admin heartbeat) ----

export const ACTIVE_WINDOW_MS = 60 * 60_000;
const ONLINE_WINDOW_SECONDS = 35;

export type ActiveRoom = {
  id: string;
  name: string;
  lastActivityAt: Date;
  humans: number;
  agents: number;
  online: number;
};

/** Rooms (not archived) with a message in the last hour, newest first, with who is in them and online. */
export async function activeRooms({ limit = 200 }: { limit?: number } = {}): Promise<ActiveRoom[]> {
  const since = new Date(Date.now() - ACTIVE_WINDOW_MS);
  const rows = await db.$queryRaw<
    { id: string; name: string; lastActivityAt: Date; humans: bigint; agents: bigint; online: bigint }[]
  >`
    SELECT r.id, r.name, r."lastActivityAt",
      count(p.id) FILTER (WHERE p."userId" IS NOT NULL) AS humans,
      count(p.id) FILTER (WHERE p."agentId" IS NOT NULL) AS agents,
      count(p.id) FILTER (WHERE p."lastSeenAt" > now() - make_interval(secs => ${ONLINE_WINDOW_SECONDS})) AS online
    FROM "Room" r
    LEFT JOIN "Participant" p ON p."roomId" = r.id AND p."leftAt" IS NULL
    WHERE r."archivedAt" IS NULL AND r."lastActivityAt" > ${since}
    GROUP BY r.id
    ORDER BY r."lastActivityAt" DESC
    LIMIT ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    lastActivityAt: r.lastActivityAt,
    humans: Number(r.humans),
    agents: Number(r.agents),
    online: Number(r.online),
  }));
}
