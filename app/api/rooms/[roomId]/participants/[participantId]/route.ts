import { memberRoute } from "@/lib/http";
import { removeAgent } from "@/lib/rooms";

export const DELETE = memberRoute<{ roomId: string; participantId: string }>(async ({ params, membership }) => {
  await removeAgent({ membership, participantId: params.participantId });
  return new Response(null, { status: 204 });
});
