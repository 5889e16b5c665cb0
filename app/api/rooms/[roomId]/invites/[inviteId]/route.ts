import { memberRoute } from "@/lib/http";
import { revokeInvite } from "@/lib/invites";

export const DELETE = memberRoute<{ roomId: string; inviteId: string }>(async ({ params, membership }) => {
  await revokeInvite({ membership, inviteId: params.inviteId });
  return new Response(null, { status: 204 });
});
