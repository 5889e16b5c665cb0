import "server-only";
import type { SessionUser } from "@/lib/auth/users";
import { db, isUniqueViolation } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import { addParticipant } from "@/lib/rooms/rooms";

/**
 * Direct messages: a room of two members marked as direct, one per pair (its directKey), which each member
 * sees named after the other. A person starts one with someone they share a room with: a person, or an agent.
 */

type Other = { userId: string } | { agentId: string };

const memberKey = (m: Other) => ("userId" in m ? `u:${m.userId}` : `a:${m.agentId}`);
const notFound = () => new AppError("not_found", "No one by that id shares a room with you");

/** Whether the person shares a room (any they are in now) with the other member. */
async function sharesRoom(userId: string, other: Other): Promise<boolean> {
  const found = await db.participant.findFirst({
    where: {
      ...other,
      leftAt: null,
      room: { participants: { some: { userId, leftAt: null } } },
    },
    select: { id: true },
  });
  return found !== null;
}

/**
 * The direct room of `user` and `other`: created (201) or found (200), with anyone of the two who had left it
 * back in. 404 when they share no room; 422 for oneself.
 */
export async function openDirectRoom({ user, other }: { user: Pick<SessionUser, "id">; other: Other }) {
  if ("userId" in other && other.userId === user.id)
    throw new AppError("unprocessable", "A direct message needs someone else");
  if (!(await sharesRoom(user.id, other))) throw notFound();
  const directKey = [memberKey({ userId: user.id }), memberKey(other)].sort().join(" ");
  const existing = await db.room.findUnique({ where: { directKey }, select: { id: true } });
  if (existing) return { roomId: await rejoin(existing.id, user.id, other), created: false };
  try {
    const room = await db.room.create({
      data: {
        name: "Direct message",
        ownerId: user.id,
        direct: true,
        directKey,
        participants: { create: [{ userId: user.id, role: "OWNER" }, { ...other }] },
      },
      select: { id: true },
    });
    return { roomId: room.id, created: true };
  } catch (err) {
    // Both started it at once: the other request made it.
    if (!isUniqueViolation(err)) throw err;
    const made = await db.room.findUniqueOrThrow({ where: { directKey }, select: { id: true } });
    return { roomId: made.id, created: false };
  }
}

async function rejoin(roomId: string, userId: string, other: Other): Promise<string> {
  await addParticipant({ roomId, member: { userId } });
  await addParticipant({ roomId, member: other });
  return roomId;
}

/** A direct room stays between its two members: no invites, no one added. */
export async function refuseInDirectRoom(roomId: string, what: string): Promise<void> {
  const room = await db.room.findUnique({ where: { id: roomId }, select: { direct: true } });
  if (room?.direct)
    throw new AppError("unprocessable", `A direct message is between two: ${what} start a room instead`);
}
