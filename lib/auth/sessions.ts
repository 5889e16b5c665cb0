import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import { recordAudit } from "@/lib/review/audit";

/**
 * Sign-in sessions. The cookie is a JWT (credentials sign-in needs one), which on its own would stay valid
 * until it expires, wherever a copy of it went. So every sign-in also writes a Session row whose id the JWT
 * carries (`sid`), and a request counts as signed in only while that row exists (checked in the same query
 * that loads the person, lib/auth/users.ts, or for a send in the statement that stores it, lib/rooms/message-batch.ts).
 * Deleting rows signs out on the server: one session, all of them, or all but the current one.
 */

/** How long a sign-in lasts: the cookie's lifetime, and its row's. */
export const SESSION_MAX_AGE_SECONDS = 30 * 86_400;

/** What a session cookie names: the person and the sign-in. */
export type SessionRef = { userId: string; sessionId: string };

/** The rule for "still signed in", as SQL: the person's session row exists. Arguments are SQL expressions. */
export const liveSessionSql = (userId: string, sessionId: string) =>
  `EXISTS (SELECT 1 FROM "Session" s WHERE s."userId" = ${userId} AND s."sessionToken" = ${sessionId})`;

/** Records a sign-in and returns its id for the JWT; the person's expired rows are cleared on the way. */
export async function startSession(userId: string): Promise<string> {
  const sessionId = randomBytes(24).toString("base64url");
  const now = Date.now();
  await db.$transaction([
    db.session.deleteMany({ where: { userId, expires: { lt: new Date(now) } } }),
    db.session.create({ data: { sessionToken: sessionId, userId, expires: new Date(now + SESSION_MAX_AGE_SECONDS * 1000) } }),
  ]);
  return sessionId;
}

/** Ends one session (sign-out). */
export async function endSession(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { sessionToken: sessionId } });
}

/** Ends every session of a person but `except`; returns how many ended. Pass `tx` inside a transaction. */
export async function endOtherSessions({ userId, except }: { userId: string; except?: string }, client: Pick<typeof db, "session"> = db): Promise<number> {
  const { count } = await client.session.deleteMany({ where: { userId, ...(except && { sessionToken: { not: except } }) } });
  return count;
}

/** "Sign out everywhere": every session of the person, this one included. */
export async function signOutEverywhere(userId: string): Promise<number> {
  const count = await endOtherSessions({ userId });
  await recordAudit({ action: "auth.sessions_ended", actorUserId: userId, targetType: "user", targetId: userId, meta: { count } });
  return count;
}

/** An admin ends every session of a person (a lost laptop, a departure). */
export async function endSessionsOf({ userId, adminId }: { userId: string; adminId: string }): Promise<number> {
  if (!(await db.user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new AppError("not_found", "No such person");
  const count = await endOtherSessions({ userId });
  await recordAudit({ action: "admin.sessions_ended", actorUserId: adminId, targetType: "user", targetId: userId, meta: { count } });
  return count;
}
