import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { publishRoomEvent } from "@/lib/events";
import type { Prisma } from "@/lib/generated/prisma/client";
import { senderOf, type SenderRef } from "@/lib/message-view";
import { appendMessage } from "@/lib/messages";
import { isOnline } from "@/lib/presence";
import type { InputMode, ParticipantView } from "@/lib/schemas";
import type { SessionUser } from "@/lib/users";

const participantInclude = {
  user: { select: { name: true, email: true } },
  agent: { select: { name: true } },
} satisfies Prisma.ParticipantInclude;

type ParticipantRow = Prisma.ParticipantGetPayload<{ include: typeof participantInclude }>;

export type Membership = { roomId: string; participant: ParticipantRow; sender: SenderRef; isOwner: boolean };

const notFound = () => new AppError("not_found", "Room not found");

type Seat = Awaited<ReturnType<typeof findSeat>>;

/** A person's seat in a room, or null: one query, no relations. */
export function findSeat({ roomId, userId }: { roomId: string; userId: string }) {
  return db.participant.findUnique({ where: { roomId_userId: { roomId, userId } } });
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
  seat?: Promise<Seat>;
}): Promise<Membership> {
  const row = await (seat ?? findSeat({ roomId, userId: user.id }));
  if (!row || row.leftAt || row.roomId !== roomId || row.userId !== user.id) throw notFound();
  const participant: ParticipantRow = { ...row, user: { name: user.name, email: user.email }, agent: null };
  return { roomId, participant, sender: senderOf(participant), isOwner: participant.role === "OWNER" };
}

export async function createRoom({ ownerId, name }: { ownerId: string; name: string }) {
  const room = await db.room.create({
    data: { name, ownerId, participants: { create: { userId: ownerId, role: "OWNER" } } },
  });
  return { id: room.id, name: room.name, createdAt: room.createdAt.toISOString() };
}

export async function listRoomsForUser(userId: string) {
  const memberships = await db.participant.findMany({
    where: { userId, leftAt: null, room: { archivedAt: null } },
    include: {
      room: {
        include: {
          messages: { orderBy: { seq: "desc" }, take: 1, include: { sender: { include: participantInclude } } },
        },
      },
    },
    orderBy: { room: { lastActivityAt: "desc" } },
  });
  return memberships.map(({ room, lastReadSeq, role }) => {
    const last = room.messages[0];
    return {
      id: room.id,
      name: room.name,
      role: role === "OWNER" ? ("owner" as const) : ("member" as const),
      lastSeq: room.lastSeq,
      unread: Math.max(0, room.lastSeq - lastReadSeq),
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
    include: participantInclude,
    orderBy: { joinedAt: "asc" },
  });
  return rows.map((p) => ({
    id: p.id,
    kind: p.agentId ? "agent" : "user",
    userId: p.userId,
    agentId: p.agentId,
    name: senderOf(p).name,
    role: p.role === "OWNER" ? "owner" : "member",
    // Agents count as online while they hold a lease or polled recently (lastSeenAt is refreshed by polls).
    online: isOnline(p.id, p.lastSeenAt),
  }));
}

/** single: one person with one agent (or alone); multi: two or more people, or three or more participants. */
export function inputModeOf(participants: Pick<ParticipantView, "kind">[]): InputMode {
  const people = participants.filter((p) => p.kind === "user").length;
  return people >= 2 || participants.length >= 3 ? "multi" : "single";
}

export async function getRoom(membership: Membership) {
  const room = await db.room.findUniqueOrThrow({ where: { id: membership.roomId } });
  const participants = await listParticipants(room.id);
  return {
    id: room.id,
    name: room.name,
    ownerId: room.ownerId,
    lastSeq: room.lastSeq,
    createdAt: room.createdAt.toISOString(),
    you: { participantId: membership.participant.id, role: membership.isOwner ? "owner" : "member" },
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

async function announceMembership(roomId: string, sender: SenderRef, text: string): Promise<void> {
  await appendMessage({ roomId, sender, body: text, kind: "SYSTEM" });
  publishRoomEvent(roomId, { type: "participants", mode: inputModeOf(await listParticipants(roomId)) });
}

/**
 * Adds a person or an agent to a room, or brings back one who left. The room row is locked so that
 * concurrent joins cannot pass MAX_PARTICIPANTS.
 */
export async function addParticipant({
  roomId,
  member,
}: {
  roomId: string;
  member: { userId: string } | { agentId: string };
}): Promise<{ participant: ParticipantRow; joined: boolean }> {
  const where = "userId" in member ? { roomId_userId: { roomId, userId: member.userId } } : { roomId_agentId: { roomId, agentId: member.agentId } };
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Room" WHERE id = ${roomId} FOR UPDATE`;
    const existing = await tx.participant.findUnique({ where, include: participantInclude });
    if (existing && !existing.leftAt) return { participant: existing, joined: false };
    const count = await tx.participant.count({ where: { roomId, leftAt: null } });
    if (count >= env.MAX_PARTICIPANTS) {
      throw new AppError("conflict", `This room is full (${env.MAX_PARTICIPANTS} participants at most)`);
    }
    const participant = existing
      ? await tx.participant.update({ where: { id: existing.id }, data: { leftAt: null, joinedAt: new Date() }, include: participantInclude })
      : await tx.participant.create({ data: { roomId, ...member }, include: participantInclude });
    return { participant, joined: true };
  });
  if (result.joined) {
    const sender = senderOf(result.participant);
    await announceMembership(roomId, sender, `${sender.name} joined`);
  }
  return result;
}

export async function leaveRoom({ membership }: { membership: Membership }) {
  const { roomId, participant } = membership;
  await db.$transaction(async (tx) => {
    await tx.participant.update({ where: { id: participant.id }, data: { leftAt: new Date(), role: "MEMBER" } });
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
  await announceMembership(roomId, membership.sender, `${membership.sender.name} left`);
}

// ---- invites ----

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createInvite({ membership, origin }: { membership: Membership; origin: string }) {
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + env.INVITE_TTL_HOURS * 3600_000);
  await db.invite.create({
    data: { roomId: membership.roomId, tokenHash: hashToken(token), createdById: membership.participant.userId as string, expiresAt },
  });
  return { token, url: `${env.PUBLIC_URL ?? origin}/invite/${token}`, expiresAt: expiresAt.toISOString() };
}

/** Looks an invite up without joining (for the invite page). */
export async function findInvite(token: string) {
  const invite = await db.invite.findUnique({ where: { tokenHash: hashToken(token) }, include: { room: { select: { id: true, name: true } } } });
  if (!invite) throw new AppError("not_found", "This invite link is not valid");
  if (invite.expiresAt < new Date()) throw new AppError("not_found", "This invite link has expired");
  return { roomId: invite.room.id, roomName: invite.room.name, expiresAt: invite.expiresAt.toISOString() };
}

export async function acceptInvite({ token, userId }: { token: string; userId: string }) {
  const invite = await findInvite(token);
  const { joined } = await addParticipant({ roomId: invite.roomId, member: { userId } });
  return { roomId: invite.roomId, roomName: invite.roomName, joined };
}
