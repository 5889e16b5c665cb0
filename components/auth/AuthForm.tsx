"use client";

import Link from "next/link";
import { useActionState, useEffect, useState } from "react";
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
  // Kept across a failed try (React resets a form's uncontrolled fields after its action), never sent back.
  const [password, setPassword] = useState("");
  const wait = useCountdown(state);
  const otherHref = `${signup ? "/signin" : "/signup"}${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`;
  return (
    <div className="mx-auto mt-16 w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-xl font-semibold">{signup ? "Create your account" : "Sign in to Parley"}</h1>
      <form action={formAction} className="space-y-3" noValidate>
        {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
        {signup && (
          <Field
            label="Name"
            name="name"
            autoComplete="name"
            defaultValue={state.name}
            errors={state.fields?.name}
            required
          />
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
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={signup ? "At least 8 characters." : undefined}
          errors={state.fields?.password}
          required
        />
        {state.error && (
          <p role="alert" className="text-sm text-red-600">
            {state.retryAfterSeconds !== undefined
              ? wait > 0
                ? `${state.error.replace(/: try again in \d+ s$/, "")}: try again in ${wait} s.`
                : "You can try again now."
              : state.error}
          </p>
        )}
        <Button type="submit" disabled={pending || Boolean(state.redirectTo) || wait > 0} className="w-full">
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

/** Seconds left before a refused sign-up may be tried again, counting down to 0 (each refusal restarts it). */
function useCountdown(state: AuthFormState): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (!state.retryAfterSeconds) return;
    const until = Date.now() + state.retryAfterSeconds * 1000;
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setLeft(seconds);
      if (seconds === 0) clearInterval(timer);
    };
    const timer = setInterval(tick, 250);
    tick();
    return () => clearInterval(timer);
  }, [state]);
  return left;
}
