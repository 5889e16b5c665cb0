import type { Metadata } from "next";
import Link from "next/link";
import { JoinInvite } from "@/components/rooms/JoinInvite";
import { currentUser } from "@/lib/auth/authjs";
import { AppError } from "@/lib/platform/errors";
import { findInvite } from "@/lib/rooms/invites";
import { findSeat } from "@/lib/rooms/rooms";

export const metadata: Metadata = { title: "Invite" };

export const dynamic = "force-dynamic";

const card = "mx-auto mt-16 max-w-md rounded border border-slate-200 bg-white p-6 text-center";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findInvite(token).catch((err) => (err instanceof AppError ? err.message : Promise.reject(err)));
  if (typeof invite === "string") {
    return (
      <div className={card}>
        <h1 className="text-lg font-semibold">Invite not usable</h1>
        <p className="mt-2 text-sm text-slate-600">{invite}. Ask someone in the room for a new link.</p>
      </div>
    );
  }
  // The link's holder may see what it is for before having an account: that is what it was sent for.
  const user = await currentUser();
  if (!user) {
    const callback = `callbackUrl=${encodeURIComponent(`/invite/${token}`)}`;
    return (
      <div className={card} data-testid="invite">
        <h1 className="text-lg font-semibold">
          <bdi>{invite.invitedBy}</bdi> invited you to “<bdi>{invite.roomName}</bdi>”
        </h1>
        <p className="mt-2 text-sm text-slate-600">Sign in or create an account to join the room.</p>
        <div className="mt-4 flex justify-center gap-3 text-sm">
          <Link
            href={`/signin?${callback}`}
            className="rounded bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700"
          >
            Sign in to join
          </Link>
          <Link
            href={`/signup?${callback}`}
            className="rounded border border-slate-300 px-3 py-2 font-medium hover:bg-slate-50"
          >
            Create an account
          </Link>
        </div>
      </div>
    );
  }
  const seat = await findSeat({ roomId: invite.roomId, userId: user.id });
  return (
    <JoinInvite
      token={token}
      roomId={invite.roomId}
      roomName={invite.roomName}
      invitedBy={invite.invitedBy}
      alreadyIn={Boolean(seat && !seat.leftAt)}
    />
  );
}
