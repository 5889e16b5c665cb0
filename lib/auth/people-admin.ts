import "server-only";
import { endOtherSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import { recordAudit } from "@/lib/review/audit";

/**
 * What an admin changes about a person: their role, and whether their account is active. Deactivating
 * ends every session at once and refuses sign-in until reactivated; the person's rooms, messages and
 * agents stay. An admin cannot demote or deactivate themselves (there would be no one to undo it).
 */
export async function updatePerson({
  adminId,
  userId,
  role,
  active,
}: {
  adminId: string;
  userId: string;
  role?: "USER" | "ADMIN";
  active?: boolean;
}): Promise<void> {
  const person = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true, email: true, deactivatedAt: true } });
  if (!person) throw new AppError("not_found", "No such person");
  if (userId === adminId && (role === "USER" || active === false)) {
    throw new AppError("forbidden", "You cannot take away your own admin role or deactivate yourself");
  }
  await db.$transaction(async (tx) => {
    if (role !== undefined && role !== person.role) {
      await tx.user.update({ where: { id: userId }, data: { role } });
      await recordAudit({ action: "admin.role_changed", actorUserId: adminId, targetType: "user", targetId: userId, meta: { from: person.role, to: role } }, tx);
    }
    if (active === false && !person.deactivatedAt) {
      await tx.user.update({ where: { id: userId }, data: { deactivatedAt: new Date() } });
      const ended = await endOtherSessions({ userId }, tx);
      await recordAudit({ action: "admin.user_deactivated", actorUserId: adminId, targetType: "user", targetId: userId, meta: { sessionsEnded: ended } }, tx);
    }
    if (active === true && person.deactivatedAt) {
      await tx.user.update({ where: { id: userId }, data: { deactivatedAt: null } });
      await recordAudit({ action: "admin.user_reactivated", actorUserId: adminId, targetType: "user", targetId: userId }, tx);
    }
  });
}
