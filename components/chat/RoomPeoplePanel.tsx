"use client";

import { useRouter } from "next/navigation";
import { useSWRConfig } from "swr";
import { InvitesPanel } from "@/components/rooms/InvitesPanel";
import { api } from "@/lib/client/api";
import { ParticipantsPanel } from "./ParticipantsPanel";
import type { RoomDetails } from "./RoomView";

/**
 * The room's people panel: who is here, a direct message with any of them, and for the owner the agents'
 * reply rules, removing someone, and invites. `onChanged` re-reads the room after an owner's change.
 */
export function RoomPeoplePanel({ room, onChanged }: { room: RoomDetails; onChanged: () => Promise<unknown> }) {
  const router = useRouter();
  const { mutate: revalidate } = useSWRConfig();
  const isOwner = room.you.role === "owner";
  const base = `/api/rooms/${room.id}`;
  const change = async (path: string, init: Parameters<typeof api>[1]) => {
    await api(`${base}${path}`, init);
    await onChanged();
  };
  return (
    <>
      <ParticipantsPanel
        participants={room.participants}
        mode={room.mode}
        selfId={room.you.participantId}
        onMessage={
          room.direct
            ? undefined
            : (p) =>
                void api<{ room: { id: string } }>("/api/dms", {
                  body: p.agentId ? { agentId: p.agentId } : { userId: p.userId },
                })
                  .then(({ room: dm }) => {
                    // A new direct room is in the rooms list at once.
                    void revalidate("/api/rooms");
                    router.push(`/rooms/${dm.id}`);
                  })
                  .catch(() => {})
        }
        owner={
          isOwner
            ? {
                onRemove: (participantId) => change(`/participants/${participantId}`, { method: "DELETE" }),
                onRemovePerson: room.direct
                  ? undefined
                  : (userId) => change(`/members/${userId}`, { method: "DELETE" }),
                onReplyRule: (participantId, replyRule) =>
                  change(`/participants/${participantId}`, { method: "PATCH", body: { replyRule } }),
              }
            : undefined
        }
      />
      {isOwner && !room.direct && <InvitesPanel roomId={room.id} />}
    </>
  );
}
