import { memberRoute } from "@/lib/http/routes";
import { removeMember } from "@/lib/rooms/removal";

/** The room's owner removes a person → 204; their streams end, and only a new invite brings them back. */
export const DELETE = memberRoute<{ roomId: string; userId: string }>(async ({ params, membership }) => {
  await removeMember({ membership, userId: params.userId });
  return new Response(null, { status: 204 });
});
