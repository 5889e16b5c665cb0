import { redirect } from "next/navigation";
import { JoinInvite } from "@/components/rooms/JoinInvite";
import { currentUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { findInvite } from "@/lib/rooms";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await currentUser())) redirect(`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`);
  const invite = await findInvite(token).catch((err) => (err instanceof AppError ? err.message : Promise.reject(err)));
  if (typeof invite === "string") {
    return (
      <div className="mx-auto mt-16 max-w-md rounded border border-slate-200 bg-white p-6 text-center">
        <h1 className="text-lg font-semibold">Invite not usable</h1>
        <p className="mt-2 text-sm text-slate-600">{invite}. Ask someone in the room for a new link.</p>
      </div>
    );
  }
  return <JoinInvite token={token} roomName={invite.roomName} />;
}
