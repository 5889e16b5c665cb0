import { json, readJson, userRoute } from "@/lib/http/routes";
import { createRoomSchema } from "@/lib/platform/schemas";
import { createRoom, listRoomsForUser } from "@/lib/rooms/rooms";

export const GET = userRoute(async ({ user }) => ({ rooms: await listRoomsForUser(user.id) }));

export const POST = userRoute(async ({ req, user }) => {
  const { name } = await readJson(req, createRoomSchema);
  return json({ room: await createRoom({ ownerId: user.id, name }) }, 201);
});
