"use client";

import Link from "next/link";
import { useActionState, useEffect } from "react";
import type { AuthFormState } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";

type Props = {
  mode: "signin" | "signup";
  action: (state: AuthFormState, form: FormData) => Promise<AuthFormState>;
  callbackUrl?: string;
  githubEnabled: boolean;
  githubAction?: () => Promise<void>;
};

export function AuthForm({ mode, action, callbackUrl, githubEnabled, githubAction }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  // A full page load, so the next page runs under its own Content Security Policy (see AuthFormState).
  useEffect(() => {
    if (state.redirectTo) window.location.assign(state.redirectTo);
  }, [state.redirectTo]);
  const signup = mode === "signup";
  const otherHref = `${signup ? "/signin" : "/signup"}${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`;
  return (
    <div className="mx-auto mt-16 w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-xl font-semibold">{signup ? "Create your account" : "Sign in to Parley"}</h1>
      <form action={formAction} className="space-y-3" noValidate>
        {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
        {signup && (
          <Field label="Name" name="name" autoComplete="name" defaultValue={state.name} errors={state.fields?.name} required />
        )}
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={state.email}
          errors={state.fields?.email}
          required
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete={signup ? "new-password" : "current-password"}
          errors={state.fields?.password}
          required
        />
        {state.error && (
          <p role="alert" className="text-sm text-red-600">
            {state.error}
          </p>
        )}
        <Button type="submit" disabled={pending || Boolean(state.redirectTo)} className="w-full">
          {pending || state.redirectTo ? "Please wait…" : signup ? "Sign up" : "Sign in"}
        </Button>
      </form>
      {githubEnabled && githubAction && (
        <form action={githubAction} className="mt-3">
          <Button type="submit" variant="secondary" className="w-full">
            Continue with GitHub
          </Button>
        </form>
      )}
      <p className="mt-4 text-center text-sm text-slate-600">
        {signup ? "Already have an account? " : "New to Parley? "}
        <Link href={otherHref} className="text-brand-600 underline">
          {signup ? "Sign in" : "Create an account"}
        </Link>
      </p>
    </div>
  );
}
