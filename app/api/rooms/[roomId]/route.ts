import { memberRoute, readJson } from "@/lib/http/routes";
import { renameRoomSchema } from "@/lib/platform/schemas";
import { getRoom, renameRoom } from "@/lib/rooms/rooms";

type Params = { roomId: string };

export const GET = memberRoute<Params>(async ({ membership }) => ({ room: await getRoom(membership) }));

export const PATCH = memberRoute<Params>(async ({ req, membership }) => {
  const { name } = await readJson(req, renameRoomSchema);
  return { room: await renameRoom({ membership, name }) };
});
