import "server-only";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import { senderOf } from "@/lib/realtime/message-view";
import { announceMembership, type Membership } from "@/lib/rooms/rooms";

/**
 * The room's owner removes a person: their seat ends (and those of the agents they brought, through which
 * they could still read the room), their open streams end at once, and only an invite made after this
 * brings them back (lib/rooms/invites).
 */
export async function removeMember({ membership, userId }: { membership: Membership; userId: string }): Promise<void> {
  if (!membership.isOwner) throw new AppError("forbidden", "Only the room's owner can remove people");
  if (userId === membership.participant.userId) throw new AppError("unprocessable", "To go, leave the room");
  const { roomId } = membership;
  const room = await db.room.findUniqueOrThrow({ where: { id: roomId }, select: { direct: true } });
  if (room.direct) throw new AppError("unprocessable", "No one is removed from a direct message: leave it instead");
  const include = { user: { select: { name: true, email: true } }, agent: { select: { name: true } } };
  const target = await db.participant.findFirst({ where: { roomId, userId, leftAt: null }, include });
  if (!target) throw new AppError("not_found", "No such person in this room");
  const agents = await db.participant.findMany({
    where: { roomId, leftAt: null, agent: { ownerId: userId } },
    include,
  });
  const now = new Date();
  await db.$transaction([
    db.participant.update({ where: { id: target.id }, data: { leftAt: now, removedAt: now, role: "MEMBER" } }),
    db.participant.updateMany({ where: { id: { in: agents.map((a) => a.id) } }, data: { leftAt: now } }),
  ]);
  const leaving = [target, ...agents].map(senderOf);
  await announceMembership(
    roomId,
    leaving.map((sender) => ({ sender, text: `${sender.name} was removed` })),
    leaving.map((sender) => sender.id),
  );
}
