import { json, readJson, userRoute } from "@/lib/http/routes";
import { dmSchema } from "@/lib/platform/schemas";
import { openDirectRoom } from "@/lib/rooms/direct-rooms";

/** `{ userId }` or `{ agentId }` of someone you share a room with → 201 a new direct room, 200 the existing one. */
export const POST = userRoute(async ({ req, user }) => {
  const other = await readJson(req, dmSchema);
  const { roomId, created } = await openDirectRoom({ user, other });
  return json({ room: { id: roomId, direct: true } }, created ? 201 : 200);
});
