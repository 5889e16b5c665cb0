import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { headers } from "next/headers";
import NextAuth, { CredentialsSignin } from "next-auth";
import { decode, getToken, type JWT, type JWTDecodeParams } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { endSession, SESSION_MAX_AGE_SECONDS, type SessionRef, startSession } from "@/lib/auth/sessions";
import { findSessionUser, promoteIfOnlyUser, type SignedInUser, signInWithPassword } from "@/lib/auth/users";
import { clientAddress } from "@/lib/platform/client-address";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { log } from "@/lib/platform/log";
import { signInSchema } from "@/lib/platform/schemas";
import { recordAuditSafely } from "@/lib/review/audit";

/** Sign-in refused because of too many failed attempts; its code reaches the sign-in page. */
export class TooManySignIns extends CredentialsSignin {
  code = "rate_limited";
}

export const githubEnabled = Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET);

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: PrismaAdapter(db),
  // Credentials sign-in only works with JWT sessions; each one is also a Session row (lib/auth/sessions.ts).
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  secret: env.AUTH_SECRET,
  trustHost: true,
  pages: { signIn: "/signin" },
  // Auth.js's own messages as structured log lines; wrong passwords are audited, not errors.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin" || error instanceof CredentialsSignin) return;
      log.error("auth error", { error: `${error.name}: ${error.message}` });
    },
    warn(code) {
      log.warn("auth warning", { code });
    },
    debug() {},
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) return null;
        try {
          return await signInWithPassword({ ...parsed.data, ip: clientAddress(request) });
        } catch (err) {
          if (err instanceof AppError && err.code === "rate_limited") throw new TooManySignIns();
          throw err;
        }
      },
    }),
    ...(githubEnabled ? [GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET })] : []),
  ],
  callbacks: {
    async jwt({ token, user }) {
      // `user` is there only at sign-in: the new session's id goes into the cookie.
      if (user?.id) token.sid = await startSession(user.id);
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
  events: {
    // Sign-out ends the session on the server too, so a copy of the cookie stops working.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSession(sid);
    },
    async createUser({ user }) {
      if (user.id) await promoteIfOnlyUser(user.id);
    },
    async signIn({ user, account }) {
      // Password sign-ins are audited (with the address) as they are checked; this covers OAuth.
      if (account?.provider !== "credentials" && user.id) {
        await recordAuditSafely({ action: "auth.signin", actorUserId: user.id, meta: { method: account?.provider ?? "unknown" } });
      }
    },
  },
});

// Decrypting a session cookie (key derivation, key id digest, AES, HMAC) costs most of a millisecond, and a
// person sends the same cookie with every request. Payloads that decrypted are kept by the exact cookie
// value and salt, until the expiry the decryption itself enforces (exp plus Auth.js's 15 s tolerance).
const SESSION_CLOCK_TOLERANCE_MS = 15_000;
const MAX_CACHED_SESSIONS = 10_000;
const decryptedSessions = new Map<string, { payload: JWT; validUntil: number }>();

async function decodeRemembered(params: JWTDecodeParams): Promise<JWT | null> {
  const key = `${params.salt}\n${params.token}`;
  const hit = decryptedSessions.get(key);
  if (hit && hit.validUntil > Date.now()) return hit.payload;
  decryptedSessions.delete(key);
  const payload = await decode(params);
  if (typeof payload?.exp === "number") {
    if (decryptedSessions.size >= MAX_CACHED_SESSIONS) decryptedSessions.delete(decryptedSessions.keys().next().value as string);
    decryptedSessions.set(key, { payload, validUntil: payload.exp * 1000 + SESSION_CLOCK_TOLERANCE_MS });
  }
  return payload;
}

/**
 * The person and session this request's cookie names, or null. Auth.js's argument-less `auth()` gets it by
 * running its whole session endpoint (a CSRF token, the JWT decrypted, then re-encrypted for a refreshed
 * cookie that `auth()` discards): about 3 ms of every API request. This decrypts the cookie as that endpoint
 * does (same cookie name and salt, same secret; expiry is checked by the decryption), no more. Whether the
 * session is still live is for the database to say (findSessionUser).
 */
export async function readSession(requestHeaders?: Headers): Promise<SessionRef | null> {
  if (!env.AUTH_SECRET) return null;
  // A route passes its request's headers (streams are also served outside Next, where headers() has no request).
  requestHeaders ??= await headers();
  // Auth.js names the cookie `__Secure-…` when its origin is https: AUTH_URL's, else the request's
  // forwarded protocol (which Next sets on every request).
  const origin = env.AUTH_URL ?? env.NEXTAUTH_URL;
  const protocol = origin ? new URL(origin).protocol.replace(/:$/, "") : (requestHeaders.get("x-forwarded-proto") ?? "https");
  const token = await getToken({
    // Only the cookie: unlike getToken's default, the session endpoint never reads an Authorization header.
    req: { headers: { cookie: requestHeaders.get("cookie") ?? "" } },
    secret: env.AUTH_SECRET,
    secureCookie: protocol === "https",
    decode: decodeRemembered as typeof decode,
  });
  // Cookies issued before sessions had ids name no session: they are signed out.
  return typeof token?.sub === "string" && typeof token.sid === "string" ? { userId: token.sub, sessionId: token.sid } : null;
}

/** The signed-in person, read fresh from the database so role changes, deletions and sign-outs apply at once. */
export async function currentUser(): Promise<SignedInUser | null> {
  const session = await readSession();
  return session ? findSessionUser(session) : null;
}

export async function requireUser(): Promise<SignedInUser> {
  return requireSessionUser(await readSession());
}

/** requireUser() for a session read already, so that the caller can start other reads meanwhile. */
export async function requireSessionUser(session: SessionRef | null): Promise<SignedInUser> {
  const user = session ? await findSessionUser(session) : null;
  if (!user) throw new AppError("unauthorized", "Sign in first");
  return user;
}

export async function requireAdmin(): Promise<SignedInUser> {
  return requireAdminRole(await requireUser());
}

export function requireAdminRole(user: SignedInUser): SignedInUser {
  if (user.role !== "ADMIN") throw new AppError("forbidden", "Admins only");
  return user;
}
