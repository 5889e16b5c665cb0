import "server-only";
import { verifyPassword } from "@/lib/auth/passwords";
import { countFailure, refuseWhileLimited, type SignedInUser } from "@/lib/auth/users";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import { recordAudit } from "@/lib/review/audit";

/**
 * Changes the signed-in person's display name and email. A new email is a new way into the account, so it
 * needs the current password (checked and limited like a sign-in); an account without a password (GitHub)
 * keeps the email its provider gave. Names show at once everywhere: messages name their sender as they are now.
 */
export async function updateProfile({
  user,
  name,
  email,
  currentPassword,
  ip,
}: {
  user: SignedInUser;
  name?: string;
  email?: string;
  currentPassword?: string;
  ip: string;
}): Promise<{ name: string; email: string }> {
  const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true, email: true, passwordHash: true } });
  const newEmail = email !== undefined && email !== stored.email ? email : undefined;
  if (newEmail !== undefined) {
    if (!stored.passwordHash) throw fieldError("email", "Your email comes from the account you sign in with");
    if (!currentPassword) throw fieldError("currentPassword", "Enter your current password to change your email");
    await refuseWhileLimited(stored.email, ip);
    if (!(await verifyPassword(currentPassword, stored.passwordHash))) {
      await countFailure(stored.email, ip);
      throw fieldError("currentPassword", "This is not your current password");
    }
    if (await db.user.findUnique({ where: { email: newEmail }, select: { id: true } })) {
      throw new AppError("conflict", "An account with this email already exists", { fields: { email: ["An account with this email already exists"] } });
    }
  }
  const changed = [...(name !== undefined && name !== stored.name ? ["name"] : []), ...(newEmail ? ["email"] : [])];
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.user.update({ where: { id: user.id }, data: { ...(name !== undefined && { name }), ...(newEmail && { email: newEmail }) } });
    if (changed.length > 0) await recordAudit({ action: "auth.profile_changed", actorUserId: user.id, ip, meta: { changed } }, tx);
    return row;
  });
  return { name: updated.name ?? updated.email, email: updated.email };
}

function fieldError(field: string, message: string) {
  return new AppError("unprocessable", `${field}: ${message}`, { fields: { [field]: [message] } });
}
