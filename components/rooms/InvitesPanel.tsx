"use client";

import useSWR from "swr";
import { useAction } from "@/components/ui/useAction";
import { api, fetcher } from "@/lib/client/api";

type Invite = { id: string; createdBy: string; createdAt: string; expiresAt: string };

export const invitesKey = (roomId: string) => `/api/rooms/${roomId}/invites`;

/** For the room's owner: the invite links that still work, and revoking one. */
export function InvitesPanel({ roomId }: { roomId: string }) {
  const { data, mutate } = useSWR<{ invites: Invite[] }>(invitesKey(roomId), fetcher);
  const action = useAction();
  return (
    <section
      aria-label="Open invites"
      className="space-y-1 border-t border-slate-200 p-3 text-sm"
      data-testid="invites"
    >
      <h2 className="text-xs font-semibold uppercase text-slate-500">Open invites</h2>
      {data?.invites.length === 0 && <p className="text-xs text-slate-500">No open invite links.</p>}
      <ul className="space-y-1 text-xs">
        {data?.invites.map((invite) => (
          <li key={invite.id} className="flex items-center justify-between gap-2" data-testid="invite-row">
            <span>
              by <bdi>{invite.createdBy}</bdi>, {new Date(invite.createdAt).toLocaleString()}
              <span className="block text-slate-500">expires {new Date(invite.expiresAt).toLocaleString()}</span>
            </span>
            <button
              type="button"
              className="text-red-600 hover:underline"
              aria-label={`Revoke the invite by ${invite.createdBy} from ${new Date(invite.createdAt).toLocaleString()}`}
              onClick={() =>
                confirm("Revoke this invite link? Anyone who has it can no longer join with it.") &&
                action.run(async () => {
                  await api(`${invitesKey(roomId)}/${invite.id}`, { method: "DELETE" });
                  await mutate();
                })
              }
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
      {action.error && <p className="text-xs text-red-600">{action.error}</p>}
    </section>
  );
}
