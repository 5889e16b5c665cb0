"use client";

import useSWR from "swr";
import { useAction } from "@/components/ui/useAction";
import { api, fetcher } from "@/lib/client/api";

type Person = { id: string; name: string; email: string; role: "USER" | "ADMIN"; createdAt: string; sessions: number };

/** Everyone with an account; an admin can sign a person out of every device (a lost laptop, a departure). */
export function PeopleAdmin() {
  const { data, mutate } = useSWR<{ people: Person[] }>("/api/admin/users", fetcher);
  const action = useAction();
  if (!data) return <p className="text-sm text-slate-500">Loading…</p>;
  return (
    <>
      {action.error && <p className="mb-2 text-sm text-red-600">{action.error}</p>}
      <table className="w-full text-left text-sm" data-testid="people">
        <thead className="text-xs text-slate-500">
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Joined</th>
            <th>Sessions</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.people.map((p) => (
            <tr key={p.id} className="border-t border-slate-100">
              <td>{p.name}</td>
              <td>{p.email}</td>
              <td>{p.role.toLowerCase()}</td>
              <td>{new Date(p.createdAt).toLocaleDateString()}</td>
              <td>{p.sessions}</td>
              <td className="text-right">
                <button
                  type="button"
                  className="text-xs text-red-600 hover:underline disabled:text-slate-400 disabled:no-underline"
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
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
