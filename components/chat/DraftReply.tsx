"use client";

import { useState } from "react";
import { useAction } from "@/components/ui/useAction";
import { api } from "@/lib/client/api";
import type { MessageView } from "@/lib/platform/schemas";

/** Under a reply that an agent is still writing: that it is, and Stop (which keeps what was written). */
export function DraftReply({ message }: { message: MessageView }) {
  const { error, run } = useAction();
  const [stopping, setStopping] = useState(false);
  return (
    <div className="mt-1 flex items-center gap-2 text-xs text-slate-600" data-testid="draft-reply">
      <span className="inline-flex items-center gap-1" role="status">
        <span aria-hidden="true" className="h-2 w-2 animate-pulse rounded-full bg-violet-500" />
        <bdi>{message.sender.name}</bdi> is writing…
      </span>
      <button
        type="button"
        disabled={stopping}
        onClick={() =>
          void run(async () => {
            setStopping(true);
            try {
              await api(`/api/messages/${message.id}/stop`, { method: "POST" });
            } catch (err) {
              setStopping(false);
              throw err;
            }
          })
        }
        className="rounded border border-slate-300 px-2 py-0.5 font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60"
      >
        {stopping ? "Stopping…" : "Stop"}
      </button>
      {error && <span className="text-red-600">{error}</span>}
    </div>
  );
}
