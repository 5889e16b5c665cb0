"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { api } from "@/lib/client/api";

/**
 * An invite opened while signed in: it says which room and who invited, and joins only when asked (a link
 * opened by mistake, or meant for someone else, does not put the person in a room). Someone already in the
 * room is offered the way in.
 */
export function JoinInvite({
  token,
  roomId,
  roomName,
  invitedBy,
  alreadyIn,
}: {
  token: string;
  roomId: string;
  roomName: string;
  invitedBy: string;
  alreadyIn: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);

  const join = async () => {
    setJoining(true);
    try {
      const { roomId: joined } = await api<{ roomId: string }>(`/api/invites/${token}`, { method: "POST" });
      router.replace(`/rooms/${joined}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not join");
      setJoining(false);
    }
  };

  return (
    <div
      className="mx-auto mt-16 max-w-md rounded border border-slate-200 bg-white p-6 text-center"
      data-testid="invite"
    >
      <h1 className="text-lg font-semibold">
        {alreadyIn ? "You are already in " : "Join "}“<bdi>{roomName}</bdi>”
      </h1>
      <p className="mt-1 text-sm text-slate-600">
        Invited by <bdi>{invitedBy}</bdi>
      </p>
      <div className="mt-4 flex justify-center gap-3">
        {alreadyIn ? (
          <Link
            href={`/rooms/${roomId}`}
            className="rounded bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
          >
            Open the room
          </Link>
        ) : (
          <>
            <Button onClick={() => void join()} disabled={joining}>
              {joining ? "Joining…" : `Join “${roomName}”`}
            </Button>
            <Link
              href="/rooms"
              className="rounded border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50"
            >
              Not now
            </Link>
          </>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
