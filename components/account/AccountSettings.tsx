"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";
import { useAction } from "@/components/ui/useAction";
import { ApiError, api } from "@/lib/client/api";

type Account = { email: string; name: string; hasPassword: boolean; sessions: number };

function ChangePassword() {
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  return (
    // POST, so that passwords never land in a URL, even from a submit the script did not catch.
    <form
      method="post"
      className="space-y-3 rounded border border-slate-200 bg-white p-3"
      aria-label="Change password"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        setFields({});
        setDone(null);
        action.run(async () => {
          try {
            const { sessionsEnded } = await api<{ sessionsEnded: number }>("/api/account/password", {
              body: { currentPassword: data.get("currentPassword"), newPassword: data.get("newPassword") },
            });
            form.reset();
            setDone(`Password changed. ${sessionsEnded === 1 ? "1 other session was" : `${sessionsEnded} other sessions were`} signed out.`);
          } catch (err) {
            if (err instanceof ApiError && err.fields) return setFields(err.fields);
            throw err;
          }
        });
      }}
    >
      <h2 className="font-medium">Change password</h2>
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={fields.currentPassword} />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" minLength={8} required errors={fields.newPassword} />
      <p className="text-xs text-slate-500">Every other device signed in to your account is signed out.</p>
      {action.error && <p className="text-sm text-red-600">{action.error}</p>}
      {done && (
        <p className="text-sm text-emerald-700" role="status">
          {done}
        </p>
      )}
      <Button type="submit">Change password</Button>
    </form>
  );
}

/** The signed-in person's own settings: password and sessions. */
export function AccountSettings({ account }: { account: Account }) {
  const action = useAction();
  return (
    <div className="mx-auto w-full max-w-xl space-y-6 p-4">
      <div>
        <h1 className="text-xl font-semibold">Account</h1>
        <p className="text-sm text-slate-600">
          {account.name} · {account.email}
        </p>
      </div>
      {account.hasPassword && <ChangePassword />}
      <section className="space-y-2 rounded border border-slate-200 bg-white p-3" aria-label="Sessions">
        <h2 className="font-medium">Sessions</h2>
        <p className="text-sm text-slate-600" data-testid="session-count">
          Signed in on {account.sessions === 1 ? "1 device or browser" : `${account.sessions} devices or browsers`}.
        </p>
        {action.error && <p className="text-sm text-red-600">{action.error}</p>}
        <Button
          variant="danger"
          onClick={() =>
            action.run(async () => {
              await api("/api/account/sessions", { method: "DELETE" });
              window.location.assign("/signin");
            })
          }
        >
          Sign out everywhere
        </Button>
      </section>
    </div>
  );
}
