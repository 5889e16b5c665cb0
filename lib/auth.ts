import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { signInSchema } from "@/lib/schemas";
import { recordAuditSafely } from "@/lib/audit";
import { clientAddress } from "@/lib/http";
import { log } from "@/lib/log";
import { findSessionUser, promoteIfOnlyUser, type SessionUser, signInWithPassword } from "@/lib/users";

/** Sign-in refused because of too many failed attempts; its code reaches the sign-in page. */
export class TooManySignIns extends CredentialsSignin {
  code = "rate_limited";
}

export const githubEnabled = Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET);

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: PrismaAdapter(db),
  // Credentials sign-in only works with JWT sessions.
  session: { strategy: "jwt" },
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
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
  events: {
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

/** The signed-in person, read fresh from the database so role changes and deletions apply at once. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  return id ? findSessionUser(id) : null;
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized", "Sign in first");
  return user;
}

export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== "ADMIN") throw new AppError("forbidden", "Admins only");
  return user;
}
