import { json, readJson, userRoute } from "@/lib/http";
import { createRoom, listRoomsForUser } from "@/lib/rooms";
import { createRoomSchema } from "@/lib/schemas";

export const GET = userRoute(async ({ user }) => ({ rooms: await listRoomsForUser(user.id) }));

export const POST = userRoute(async ({ req, user }) => {
  const { name } = await readJson(req, createRoomSchema);
  return json({ room: await createRoom({ ownerId: user.id, name }) }, 201);
});
