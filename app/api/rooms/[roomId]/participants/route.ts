import { addAgentToRoom } from "@/lib/agents/agents";
import { json, memberRoute, readJson } from "@/lib/http/routes";
import { addAgentSchema } from "@/lib/platform/schemas";
import { listParticipants } from "@/lib/rooms/rooms";

type Params = { roomId: string };

export const GET = memberRoute<Params>(async ({ membership }) => ({
  participants: await listParticipants(membership.roomId),
}));

export const POST = memberRoute<Params>(async ({ req, user, membership }) => {
  const { agentId } = await readJson(req, addAgentSchema);
  const added = await addAgentToRoom({ membership, ownerId: user.id, agentId });
  return json({ participant: added }, added.joined ? 201 : 200);
});
