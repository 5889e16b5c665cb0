import { notFound, redirect } from "next/navigation";
import { RoomView } from "@/components/chat/RoomView";
import { currentUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getRoom, requireMembership } from "@/lib/rooms";

export const dynamic = "force-dynamic";

export default async function RoomPage({ params }: { params: Promise<{ roomId: string }> }) {
  const { roomId } = await params;
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=/rooms/${roomId}`);
  const membership = await requireMembership({ roomId, user }).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const room = await getRoom(membership);
  return (
    <RoomView
      initial={{ ...room, you: { ...room.you, role: room.you.role as "owner" | "member" } }}
      isAdmin={user.role === "ADMIN"}
    />
  );
}
