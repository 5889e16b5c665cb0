"use client";

import { useState } from "react";
import useSWR from "swr";
import { Avatar } from "@/components/ui/Avatar";
import { Time } from "@/components/ui/Time";
import { useAction } from "@/components/ui/useAction";
import { api, fetcher } from "@/lib/client/api";

type Person = {
  id: string;
  name: string;
  email: string;
  role: "USER" | "ADMIN";
  createdAt: string;
  sessions: number;
  deactivated: boolean;
  adminByConfiguration: boolean;
};

/**
 * Everyone with an account, searchable by name or email. An admin changes a person's role, deactivates an
 * account (its sessions end, sign-in is refused) or brings it back, and signs a person out everywhere.
 */
export function PeopleAdmin() {
  const { data, mutate } = useSWR<{ people: Person[] }>("/api/admin/users", fetcher);
  const [query, setQuery] = useState("");
  const action = useAction();
  if (!data) return <p className="text-sm text-slate-500">Loading…</p>;
  const q = query.trim().toLowerCase();
  const people = data.people.filter((p) => !q || p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q));
  const change = (p: Person, body: { role?: "USER" | "ADMIN"; active?: boolean }) =>
    action.run(async () => {
      await api(`/api/admin/users/${p.id}`, { method: "PATCH", body });
      await mutate();
    });
  const link = "rounded px-1 text-xs text-brand-600 hover:underline disabled:text-slate-500 disabled:no-underline";

  return (
    <>
      <label className="mb-3 block text-sm">
        <span className="mb-1 block font-medium">Search people</span>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Name or email"
          className="w-full max-w-sm rounded border border-slate-300 px-2 py-1"
        />
      </label>
      {action.error && (
        <p role="alert" className="mb-2 text-sm text-red-600">
          {action.error}
        </p>
      )}
      {people.length === 0 && <p className="text-sm text-slate-500">No one matches “{query}”.</p>}
      <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white" data-testid="people">
        {people.map((p) => (
          <li
            key={p.id}
            className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm"
            data-testid={`person-${p.email}`}
          >
            <Avatar id={p.id} name={p.name} size={28} />
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium">
                <bdi>{p.name}</bdi>
                {p.deactivated && (
                  <span className="ml-2 rounded bg-slate-200 px-1 text-xs font-normal text-slate-700">deactivated</span>
                )}
              </p>
              <p className="truncate text-xs text-slate-500">
                <bdi>{p.email}</bdi> · joined <Time iso={p.createdAt} /> · {p.sessions}{" "}
                {p.sessions === 1 ? "session" : "sessions"}
              </p>
            </div>
            <label className="text-xs">
              <span className="sr-only">Role of {p.name}</span>
              <select
                value={p.role}
                disabled={p.adminByConfiguration}
                title={
                  p.adminByConfiguration
                    ? "An admin by ADMIN_EMAILS: change it in the server's configuration"
                    : undefined
                }
                onChange={(e) => void change(p, { role: e.target.value as Person["role"] })}
                className="rounded border border-slate-300 bg-white px-1 py-0.5"
              >
                <option value="USER">member</option>
                <option value="ADMIN">admin</option>
              </select>
            </label>
            <button
              type="button"
              className={link}
              onClick={() =>
                (p.deactivated ||
                  confirm(
                    `Deactivate ${p.name}? Their sessions end and they cannot sign in until you reactivate them.`,
                  )) &&
                void change(p, { active: p.deactivated })
              }
            >
              {p.deactivated ? "Reactivate" : "Deactivate"}
            </button>
            <button
              type="button"
              className={`${link} text-red-600`}
              disabled={p.sessions === 0}
              onClick={() =>
                action.run(async () => {
                  await api(`/api/admin/users/${p.id}/sessions`, { method: "DELETE" });
                  await mutate();
                })
              }
            >
              End sessions
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
