"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { api } from "@/lib/client/api";

/** Opening an invite while signed in joins the room, then goes to it. */
export function JoinInvite({ token, roomName, invitedBy }: { token: string; roomName: string; invitedBy: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api<{ roomId: string }>(`/api/invites/${token}`, { method: "POST" })
      .then(({ roomId }) => router.replace(`/rooms/${roomId}`))
      .catch((err) => setError(err instanceof Error ? err.message : "Could not join"));
  }, [token, router]);

  return (
    <div className="mx-auto mt-16 max-w-md rounded border border-slate-200 bg-white p-6 text-center" data-testid="invite">
      <p className="text-sm text-slate-600">{`${invitedBy} invited you to “${roomName}”.`}</p>
      <h1 className="text-lg font-semibold">{error ? `Could not join “${roomName}”` : `Joining “${roomName}”…`}</h1>
      {error && <p className="mt-2 text-sm text-red-600">{error}</p>}
    </div>
  );
}
