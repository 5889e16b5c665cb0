import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { RoomView } from "@/components/chat/RoomView";
import { RoomsSidebar } from "@/components/rooms/RoomList";
import { currentUser } from "@/lib/auth/authjs";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { historyQuerySchema } from "@/lib/platform/schemas";
import { getRoom, requireMembership } from "@/lib/rooms/rooms";

export const dynamic = "force-dynamic";

/**
 * The person and the room as they see it (a direct room goes by the other member's name), read once per
 * request for both the tab's title and the page: null when signed out, `room` null when not in the room.
 */
const load = cache(async (roomId: string) => {
  const user = await currentUser();
  if (!user) return null;
  const membership = await requireMembership({ roomId, user }).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  });
  return { user, room: membership && (await getRoom(membership)) };
});

/** The tab says which room, from the first load on; a room one is not in stays unnamed. */
export async function generateMetadata({ params }: { params: Promise<{ roomId: string }> }): Promise<Metadata> {
  const room = (await load((await params).roomId).catch(() => null))?.room;
  return room ? { title: room.name } : {};
}

export default async function RoomPage({
  params,
  searchParams,
}: {
  params: Promise<{ roomId: string }>;
  searchParams: Promise<{ around?: string | string[]; q?: string | string[]; thread?: string | string[] }>;
}) {
  const { roomId } = await params;
  // Opened at a message (a search result): a malformed number opens the room as usual.
  const query = await searchParams;
  const around = historyQuerySchema.shape.around.safeParse(query.around).data;
  // A search made from this room: its results open beside it.
  const q = (Array.isArray(query.q) ? query.q[0] : query.q)?.trim().slice(0, 200) || undefined;
  // Opened at a thread (a search result inside one): the thread opens beside the room.
  const thread = historyQuerySchema.shape.around.safeParse(query.thread).data || undefined;
  const loaded = await load(roomId);
  if (!loaded) redirect(`/signin?callbackUrl=/rooms/${roomId}`);
  const { user, room } = loaded;
  if (!room) notFound();
  return (
    <div className="flex min-h-0 flex-1">
      <RoomsSidebar currentRoomId={roomId} />
      <RoomView
        // a new page for each message opened at, so it starts from that message's page
        key={`${around ?? "latest"} ${thread ?? ""}`}
        around={around}
        searchQuery={q}
        thread={thread}
        initial={{ ...room, you: { ...room.you, role: room.you.role as "owner" | "member" } }}
        isAdmin={user.role === "ADMIN"}
        maxUploadMb={env.ATTACHMENT_MAX_MB}
      />
    </div>
  );
}
