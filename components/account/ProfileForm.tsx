"use client";

import { useState } from "react";
import { Avatar } from "@/components/ui/Avatar";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";
import { useAction } from "@/components/ui/useAction";
import { ApiError, api } from "@/lib/client/api";

export type Account = { id: string; email: string; name: string; hasPassword: boolean; sessions: number };

/** Your name and email; a new email asks for your current password (it is a new way into the account). */
export function ProfileForm({ account, onSaved }: { account: Account; onSaved: (account: Account) => void }) {
  const [name, setName] = useState(account.name);
  const [email, setEmail] = useState(account.email);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState(false);
  const action = useAction();
  const emailChanged = email.trim().toLowerCase() !== account.email;
  return (
    <form
      className="space-y-3 rounded border border-slate-200 bg-white p-3"
      aria-label="Profile"
      method="post"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const currentPassword = new FormData(form).get("currentPassword");
        setFields({});
        setDone(false);
        void action.run(async () => {
          try {
            const saved = await api<{ account: Account }>("/api/account", {
              method: "PATCH",
              body: { name, ...(emailChanged && { email, currentPassword: currentPassword || undefined }) },
            });
            form.reset();
            setDone(true);
            onSaved(saved.account);
          } catch (err) {
            if (err instanceof ApiError && err.fields) return setFields(err.fields);
            throw err;
          }
        });
      }}
    >
      <h2 className="flex items-center gap-2 font-medium">
        <Avatar id={account.id} name={name || account.name} size={32} />
        Profile
      </h2>
      <Field
        label="Display name"
        name="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoComplete="name"
        required
        errors={fields.name}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        autoComplete="email"
        readOnly={!account.hasPassword}
        required
        errors={fields.email}
      />
      {emailChanged && (
        <Field
          label="Current password (to change your email)"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          errors={fields.currentPassword}
        />
      )}
      {action.error && <p className="text-sm text-red-600">{action.error}</p>}
      {done && (
        <p role="status" className="text-sm text-emerald-700">
          Profile saved.
        </p>
      )}
      <Button type="submit">Save profile</Button>
    </form>
  );
}
