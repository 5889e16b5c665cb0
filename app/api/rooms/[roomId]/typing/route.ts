import { publishRoomEvent } from "@/lib/events";
import { memberRoute, readJson } from "@/lib/http";
import { typingSchema } from "@/lib/schemas";

export const POST = memberRoute<{ roomId: string }>(async ({ req, membership }) => {
  const { typing } = await readJson(req, typingSchema);
  publishRoomEvent(membership.roomId, { type: "typing", participantId: membership.sender.id, name: membership.sender.name, typing });
  return new Response(null, { status: 204 });
});
