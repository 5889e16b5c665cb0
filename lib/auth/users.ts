import "server-only";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { endOtherSessions, liveSessionSql, type SessionRef } from "@/lib/auth/sessions";
import { db, hotPool } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { log } from "@/lib/platform/log";
import { createRateLimiter } from "@/lib/platform/rate-limit";
import type { RegisterInput } from "@/lib/platform/schemas";
import { recordAudit, recordAuditSafely } from "@/lib/review/audit";

export type SessionUser = { id: string; email: string; name: string; role: "USER" | "ADMIN" };
/** A person as a request signed in with a session cookie sees them: with that session's id. */
export type SignedInUser = SessionUser & { sessionId: string };

/** Admins are stored as such, or named by ADMIN_EMAILS (read at every request, so a change needs no migration). */
function effectiveRole(user: { email: string; role: "USER" | "ADMIN" }): "USER" | "ADMIN" {
  return user.role === "ADMIN" || env.ADMIN_EMAILS.includes(user.email.toLowerCase()) ? "ADMIN" : "USER";
}

function toSessionUser(user: { id: string; email: string; name: string | null; role: "USER" | "ADMIN" }): SessionUser {
  return { id: user.id, email: user.email, name: user.name ?? user.email, role: effectiveRole(user) };
}

// Sign-ups per client address over 15 minutes, like failed sign-ins: every attempt counts.
const signUpsByAddress = createRateLimiter({
  name: "signup_address",
  perMinute: env.SIGNUP_ATTEMPTS_PER_ADDRESS / 15,
  burst: env.SIGNUP_ATTEMPTS_PER_ADDRESS,
});

export async function registerUser({ email, password, name, ip }: RegisterInput & { ip: string }): Promise<SessionUser> {
  try {
    await signUpsByAddress(ip, "sign-ups from your address");
  } catch (err) {
    await recordAuditSafely({ action: "auth.signup_rate_limited", ip, meta: { email } });
    throw err;
  }
  const passwordHash = await hashPassword(password);
  // Registrations queue on the lock below: a burst of sign-ups waits its turn (maxWait) rather than failing.
  const user = await db.$transaction(async (tx) => {
    // Serialise registrations so exactly one first account becomes ADMIN.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('parley:register'))`;
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new AppError("conflict", "An account with this email already exists", {
        fields: { email: ["An account with this email already exists"] },
      });
    }
    const isFirst = (await tx.user.count()) === 0;
    return tx.user.create({ data: { email, name, passwordHash, role: isFirst ? "ADMIN" : "USER" } });
  }, { maxWait: 15_000 });
  return toSessionUser(user);
}

export async function verifyCredentials(email: string, password: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  // The hash runs whether or not the account exists (see verifyPassword).
  const matches = await verifyPassword(password, user?.passwordHash);
  // A deactivated account's password still checks out, but it does not sign in.
  return user && matches && !user.deactivatedAt ? toSessionUser(user) : null;
}

// Failed sign-ins per account and per client address, each over 15 minutes; successful ones cost nothing.
const WINDOW_MINUTES = 15;
const failuresByAccount = createRateLimiter({
  name: "signin_account",
  perMinute: env.SIGNIN_ATTEMPTS_PER_ACCOUNT / WINDOW_MINUTES,
  burst: env.SIGNIN_ATTEMPTS_PER_ACCOUNT,
});
const failuresByAddress = createRateLimiter({
  name: "signin_address",
  perMinute: env.SIGNIN_ATTEMPTS_PER_ADDRESS / WINDOW_MINUTES,
  burst: env.SIGNIN_ATTEMPTS_PER_ADDRESS,
});

/** Refuses (rate_limited, audited) while the account or the address has used up its failed password checks. */
export async function refuseWhileLimited(account: string, ip: string): Promise<void> {
  try {
    await Promise.all([
      failuresByAccount.check(account, "failed sign-ins for this account"),
      failuresByAddress.check(ip, "failed sign-ins from your address"),
    ]);
  } catch (err) {
    await recordAuditSafely({ action: "auth.signin_rate_limited", ip, meta: { email: account } });
    throw err;
  }
}

export async function countFailure(account: string, ip: string): Promise<void> {
  // At the limit already, a failure changes nothing: the next attempt is refused.
  await Promise.all([failuresByAccount(account).catch(() => {}), failuresByAddress(ip).catch(() => {})]);
}

/**
 * Password sign-in with brute-force protection and an audit record of every outcome. Throws a
 * rate_limited AppError while the account or the address has used up its failed attempts (the password
 * is then not even checked); returns null for wrong credentials.
 */
export async function signInWithPassword({ email, password, ip }: { email: string; password: string; ip: string }): Promise<SessionUser | null> {
  const account = email.toLowerCase();
  await refuseWhileLimited(account, ip);
  const user = await verifyCredentials(account, password);
  if (!user) {
    await countFailure(account, ip);
    await recordAuditSafely({ action: "auth.signin_failed", ip, meta: { email: account } });
    log.info("sign-in failed", { ip });
    return null;
  }
  await recordAuditSafely({ action: "auth.signin", actorUserId: user.id, ip, meta: { method: "password" } });
  return user;
}

/**
 * Changes the password of the signed-in person, who proves it with the current one (limited like sign-in,
 * since a copied cookie is what this guards against), and ends every other session they have.
 */
export async function changePassword({ user, currentPassword, newPassword, ip }: { user: SignedInUser; currentPassword: string; newPassword: string; ip: string }) {
  await refuseWhileLimited(user.email, ip);
  const stored = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(currentPassword, stored?.passwordHash))) {
    await countFailure(user.email, ip);
    const message = "This is not your current password";
    throw new AppError("unprocessable", `currentPassword: ${message}`, { fields: { currentPassword: [message] } });
  }
  const passwordHash = await hashPassword(newPassword);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const sessionsEnded = await endOtherSessions({ userId: user.id, except: user.sessionId }, tx);
    await recordAudit({ action: "auth.password_changed", actorUserId: user.id, ip, meta: { sessionsEnded } }, tx);
    return { sessionsEnded };
  });
}

/** The person a session cookie names, while that session has not been ended. */
export async function findSessionUser({ userId, sessionId }: SessionRef): Promise<SignedInUser | null> {
  // Every request of a signed-in person runs this (lib/platform/db's hotPool).
  const { rows } = await hotPool().query<{ id: string; email: string; name: string | null; role: "USER" | "ADMIN" }>({
    name: "parley_session_user",
    text: `SELECT u.id, u.email, u.name, u.role FROM "User" u
     WHERE u.id = $1 AND u."deactivatedAt" IS NULL AND ${liveSessionSql("u.id", "$2")}`,
    values: [userId, sessionId],
  });
  return rows[0] ? { ...toSessionUser(rows[0]), sessionId } : null;
}

// Expired rows stay until the person's next sign-in clears them: they are not open sessions.
const liveSessions = () => ({ sessions: { where: { expires: { gt: new Date() } } } });

/** What the account page shows: whether a password can be changed, and on how many devices one is signed in. */
export async function getAccount(userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, name: true, passwordHash: true, _count: { select: liveSessions() } },
  });
  return { id: userId, email: user.email, name: user.name ?? user.email, hasPassword: Boolean(user.passwordHash), sessions: user._count.sessions };
}

/** Everyone, for admins: with their role and how many sessions they have open. */
export async function listPeople() {
  const users = await db.user.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, name: true, role: true, createdAt: true, deactivatedAt: true, _count: { select: liveSessions() } },
  });
  return users.map((u) => ({
    ...toSessionUser(u),
    createdAt: u.createdAt.toISOString(),
    sessions: u._count.sessions,
    deactivated: u.deactivatedAt !== null,
    // ADMIN_EMAILS names them: their role is not the admin page's to change.
    adminByConfiguration: env.ADMIN_EMAILS.includes(u.email.toLowerCase()),
  }));
}

/** OAuth sign-ups skip registerUser, so the first-account rule is applied here too. */
export async function promoteIfOnlyUser(userId: string): Promise<void> {
  if ((await db.user.count()) === 1) await db.user.update({ where: { id: userId }, data: { role: "ADMIN" } });
}

/**
 * Grants or takes away the admin role by email, for operators (`npm run admin`). ADMIN_EMAILS still
 * makes its addresses admins whatever is stored.
 */
export async function setRoleByEmail({ email, role }: { email: string; role: "USER" | "ADMIN" }): Promise<SessionUser> {
  const account = email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email: account } });
  if (!user) throw new AppError("not_found", `No account with the email ${account}`);
  const updated = await db.user.update({ where: { id: user.id }, data: { role } });
  await recordAudit({ action: "admin.role_changed", targetType: "user", targetId: user.id, meta: { email: account, from: user.role, to: role, by: "command line" } });
  return toSessionUser(updated);
}
