import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { refuseInDirectRoom } from "@/lib/rooms/direct-rooms";
import { addParticipant, type Membership } from "@/lib/rooms/rooms";

/**
 * Invite links: a random token (stored hashed) that lets any signed-in person join the room until it
 * expires or the room's owner revokes it. Any member can invite; only the owner sees and revokes them.
 */

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createInvite({ membership, origin }: { membership: Membership; origin: string }) {
  await refuseInDirectRoom(membership.roomId, "invite people to");
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + env.INVITE_TTL_HOURS * 3600_000);
  const invite = await db.invite.create({
    data: {
      roomId: membership.roomId,
      tokenHash: hashToken(token),
      createdById: membership.participant.userId as string,
      expiresAt,
    },
  });
  return {
    id: invite.id,
    token,
    url: `${env.PUBLIC_URL ?? origin}/invite/${token}`,
    expiresAt: expiresAt.toISOString(),
  };
}

/** Looks an invite up without joining (for the invite page): which room, and who invited. */
export async function findInvite(token: string) {
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { room: { select: { id: true, name: true } }, createdBy: { select: { name: true, email: true } } },
  });
  if (!invite) throw new AppError("not_found", "This invite link is not valid (it may have been revoked)");
  if (invite.expiresAt < new Date()) throw new AppError("not_found", "This invite link has expired");
  return {
    roomId: invite.room.id,
    roomName: invite.room.name,
    invitedBy: invite.createdBy.name ?? invite.createdBy.email,
    createdAt: invite.createdAt.toISOString(),
    expiresAt: invite.expiresAt.toISOString(),
  };
}

export async function acceptInvite({ token, userId }: { token: string; userId: string }) {
  const invite = await findInvite(token);
  // Someone the owner removed comes back only with an invite made after that.
  const seat = await db.participant.findUnique({
    where: { roomId_userId: { roomId: invite.roomId, userId } },
    select: { removedAt: true },
  });
  if (seat?.removedAt && Date.parse(invite.createdAt) <= seat.removedAt.getTime()) {
    throw new AppError("forbidden", "You were removed from this room: ask its owner for a new invite");
  }
  const { joined } = await addParticipant({ roomId: invite.roomId, member: { userId } });
  return { roomId: invite.roomId, roomName: invite.roomName, joined };
}

function requireOwner(membership: Membership) {
  if (!membership.isOwner) throw new AppError("forbidden", "Only the room's owner manages its invites");
}

/** The room's invites that still work, newest first (owners only). */
export async function listOpenInvites({ membership }: { membership: Membership }) {
  requireOwner(membership);
  const invites = await db.invite.findMany({
    where: { roomId: membership.roomId, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    include: { createdBy: { select: { name: true, email: true } } },
  });
  return invites.map((i) => ({
    id: i.id,
    createdBy: i.createdBy.name ?? i.createdBy.email,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
  }));
}

/** Revokes one invite of the room: its link stops working at once (owners only; 404 for another room's). */
export async function revokeInvite({ membership, inviteId }: { membership: Membership; inviteId: string }) {
  requireOwner(membership);
  const { count } = await db.invite.deleteMany({ where: { id: inviteId, roomId: membership.roomId } });
  if (count === 0) throw new AppError("not_found", "Invite not found");
}
