import { memberRoute } from "@/lib/http/routes";
import { revokeInvite } from "@/lib/rooms/invites";

export const DELETE = memberRoute<{ roomId: string; inviteId: string }>(async ({ params, membership }) => {
  await revokeInvite({ membership, inviteId: params.inviteId });
  return new Response(null, { status: 204 });
});
