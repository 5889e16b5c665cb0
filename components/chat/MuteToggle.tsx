"use client";

import { useSWRConfig } from "swr";
import { useAction } from "@/components/ui/useAction";
import { api } from "@/lib/client/api";

/** Mutes the room for you: its messages stop counting as news (bold, the header's dot); @mentions of you still do. */
export function MuteToggle({ roomId, muted, onChanged }: { roomId: string; muted: boolean; onChanged: () => void }) {
  const { mutate } = useSWRConfig();
  const { error, run } = useAction();
  return (
    <button
      type="button"
      aria-pressed={muted}
      title={
        muted ? "Muted: only @mentions of you count as new" : "Mute this room: only @mentions of you will count as new"
      }
      onClick={() =>
        void run(async () => {
          await api(`/api/rooms/${roomId}/mute`, { method: "PUT", body: { muted: !muted } });
          onChanged();
          void mutate("/api/rooms");
        })
      }
      className={`rounded px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${
        muted ? "bg-slate-100 text-slate-800" : "text-slate-600 hover:bg-slate-100"
      }`}
    >
      {muted ? "Muted" : "Mute"}
      {error && <span className="ml-1 text-xs text-red-600">({error})</span>}
    </button>
  );
}
