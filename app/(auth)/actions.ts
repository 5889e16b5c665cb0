"use server";

import { headers } from "next/headers";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/authjs";
import { safeCallback } from "@/lib/auth/safe-redirect";
import { registerUser } from "@/lib/auth/users";
import { clientAddress } from "@/lib/platform/client-address";
import { AppError } from "@/lib/platform/errors";
import { registerSchema } from "@/lib/platform/schemas";

/**
 * `redirectTo`: signed in; the page loads it as a new document. A client-side navigation would keep the
 * sign-in page's Content Security Policy, and the OAuth consent page needs its own (its form posts on to
 * the client's redirect URI).
 */
export type AuthFormState = {
  error?: string;
  fields?: Record<string, string[]>;
  email?: string;
  name?: string;
  redirectTo?: string;
  /** Refused for now: the form counts down and tries again from then on. */
  retryAfterSeconds?: number;
};

const callbackOf = (form: FormData) => safeCallback(String(form.get("callbackUrl") ?? ""));

export async function signInAction(_: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = String(form.get("email") ?? "");
  try {
    await signIn("credentials", { email, password: String(form.get("password") ?? ""), redirect: false });
  } catch (err) {
    if (err instanceof CredentialsSignin && err.code === "rate_limited") {
      return { error: "Too many failed sign-ins. Wait a few minutes, then try again.", email };
    }
    if (err instanceof AuthError) return { error: "Wrong email or password.", email };
    throw err;
  }
  return { redirectTo: callbackOf(form) };
}

export async function signUpAction(_: AuthFormState, form: FormData): Promise<AuthFormState> {
  const raw = { email: form.get("email"), password: form.get("password"), name: form.get("name") };
  const echo = { email: String(raw.email ?? ""), name: String(raw.name ?? "") };
  const parsed = registerSchema.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fields[String(issue.path[0])] ??= []).push(issue.message);
    return { fields, ...echo };
  }
  try {
    await registerUser({ ...parsed.data, ip: clientAddress({ headers: await headers() }) });
  } catch (err) {
    if (err instanceof AppError && err.code === "conflict") return { fields: err.fields, ...echo };
    if (err instanceof AppError && err.code === "rate_limited")
      return { error: err.message, retryAfterSeconds: err.retryAfterSeconds, ...echo };
    throw err;
  }
  await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
  return { redirectTo: callbackOf(form) };
}
