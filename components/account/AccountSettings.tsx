"use client";

import { useState } from "react";
import useSWR from "swr";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";
import { useAction } from "@/components/ui/useAction";
import { ApiError, api, fetcher } from "@/lib/client/api";
import { type Account, ProfileForm } from "./ProfileForm";

function ChangePassword({ onChanged }: { onChanged: () => void }) {
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
            onChanged();
            setDone(
              `Password changed. ${sessionsEnded === 1 ? "1 other session was" : `${sessionsEnded} other sessions were`} signed out.`,
            );
          } catch (err) {
            if (err instanceof ApiError && err.fields) return setFields(err.fields);
            throw err;
          }
        });
      }}
    >
      <h2 className="font-medium">Change password</h2>
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        errors={fields.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
        errors={fields.newPassword}
      />
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

/** The signed-in person's own settings: profile, password and sessions. */
export function AccountSettings({ account: initial }: { account: Account }) {
  const action = useAction();
  // Re-read after a change: a new password ends the other sessions, so the count below changes with it.
  const { data, mutate } = useSWR<{ account: Account }>("/api/account", fetcher, {
    fallbackData: { account: initial },
  });
  const account = data?.account ?? initial;
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="mx-auto w-full max-w-xl space-y-6 p-4">
      <div>
        <h1 className="text-xl font-semibold">Account</h1>
        <p className="text-sm text-slate-600">
          <bdi>{account.name}</bdi> · <bdi>{account.email}</bdi>
        </p>
      </div>
      <ProfileForm account={account} onSaved={(saved) => void mutate({ account: saved }, { revalidate: false })} />
      {account.hasPassword && <ChangePassword onChanged={() => void mutate()} />}
      <section className="space-y-2 rounded border border-slate-200 bg-white p-3" aria-label="Sessions">
        <h2 className="font-medium">Sessions</h2>
        <p className="text-sm text-slate-600" data-testid="session-count">
          Signed in on {account.sessions === 1 ? "1 device or browser" : `${account.sessions} devices or browsers`}.
        </p>
        {action.error && <p className="text-sm text-red-600">{action.error}</p>}
        {confirming ? (
          <div role="alertdialog" aria-label="Sign out everywhere?" className="space-y-2 rounded bg-red-50 p-2 text-sm">
            <p>Sign out on every device and browser, this one included?</p>
            <div className="flex gap-2">
              <Button
                variant="danger"
                onClick={() =>
                  action.run(async () => {
                    await api("/api/account/sessions", { method: "DELETE" });
                    window.location.assign("/signin");
                  })
                }
              >
                Yes, sign out everywhere
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <Button variant="danger" onClick={() => setConfirming(true)}>
            Sign out everywhere
          </Button>
        )}
      </section>
    </div>
  );
}
