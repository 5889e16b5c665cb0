"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import { mutate } from "swr";
import { invitesKey } from "@/components/rooms/InvitesPanel";
import { Button } from "@/components/ui/Button";
import { PhoneMenu } from "@/components/ui/PhoneMenu";
import { api } from "@/lib/client/api";

type Props = {
  roomId: string;
  name: string;
  isOwner: boolean;
  onRenamed: () => void;
  /** More of the room's controls: in the header's row on a wide screen, behind "More" on a phone. */
  actions?: ReactNode;
  /** The buttons that open the side panels on a phone, always in the header's row. */
  panels?: ReactNode;
};

export function RoomHeader({ roomId, name, isOwner, onRenamed, actions, panels }: Props) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);
  const [invite, setInvite] = useState<{ url: string; copied: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const rename = async () => {
    try {
      await api(`/api/rooms/${roomId}`, { method: "PATCH", body: { name: draft } });
      setEditing(false);
      setError(null);
      onRenamed();
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not rename");
    }
  };

  const createInvite = async () => {
    try {
      const { url } = await api<{ url: string }>(`/api/rooms/${roomId}/invites`, { method: "POST" });
      void mutate(invitesKey(roomId));
      // Say "copied" only when it was: the clipboard can be refused (permissions, an insecure origin).
      const copied = await (navigator.clipboard?.writeText(url).then(
        () => true,
        () => false,
      ) ?? Promise.resolve(false));
      setInvite({ url, copied });
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not create an invite");
    }
  };

  const leave = async () => {
    if (!confirm("Leave this room?")) return;
    try {
      await api(`/api/rooms/${roomId}/leave`, { method: "POST" });
      router.push("/rooms");
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not leave the room");
    }
  };

  return (
    <div className="border-b border-slate-200 bg-white px-4 py-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Link
          href="/rooms"
          aria-label="Back to your rooms"
          className="rounded px-1 text-lg text-slate-600 hover:bg-slate-100 lg:hidden"
        >
          ←
        </Link>
        {editing ? (
          <form
            className="flex items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void rename();
            }}
          >
            <input
              aria-label="Room name"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
              className="rounded border border-slate-300 px-2 py-1 text-sm"
              // biome-ignore lint/a11y/noAutofocus: the field appears because the person asked to edit it
              autoFocus
            />
            <Button type="submit">Save</Button>
            <Button type="button" variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </form>
        ) : (
          <h1 className="min-w-0 flex-1 truncate text-lg font-semibold" data-testid="room-name">
            <bdi>{name}</bdi>
          </h1>
        )}
        <div className="flex items-center gap-1">
          {panels}
          <PhoneMenu label="More" wideAt="md">
            {actions}
            {isOwner && !editing && (
              <Button variant="ghost" onClick={() => setEditing(true)}>
                Rename
              </Button>
            )}
            <Button variant="secondary" onClick={createInvite}>
              Invite
            </Button>
            <Button variant="ghost" onClick={leave}>
              Leave
            </Button>
          </PhoneMenu>
        </div>
      </div>
      {invite && (
        <p className="mt-1 text-xs text-slate-600" role="status">
          {invite.copied ? "Invite link (copied): " : "Copy this invite link: "}
          <input
            readOnly
            value={invite.url}
            aria-label="Invite link"
            className="w-full max-w-96 rounded bg-slate-100 px-1"
            onFocus={(e) => e.target.select()}
          />
        </p>
      )}
      {error && <p className="mt-1 text-xs text-red-600">{error}</p>}
    </div>
  );
}
