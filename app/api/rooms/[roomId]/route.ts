import { memberRoute, readJson } from "@/lib/http";
import { getRoom, renameRoom } from "@/lib/rooms";
import { renameRoomSchema } from "@/lib/schemas";

type Params = { roomId: string };

export const GET = memberRoute<Params>(async ({ membership }) => ({ room: await getRoom(membership) }));

export const PATCH = memberRoute<Params>(async ({ req, membership }) => {
  const { name } = await readJson(req, renameRoomSchema);
  return { room: await renameRoom({ membership, name }) };
});
