import { requireAgentSeat } from "@/lib/agents";
import { agentRoute, ifMatchVersion, readJson } from "@/lib/http";
import { getMetadata, updateMetadata } from "@/lib/metadata";
import { metadataPatchSchema } from "@/lib/schemas";

type Params = { roomId: string };

export const GET = agentRoute<Params>(async ({ params, agent }) => {
  await requireAgentSeat(agent, params.roomId);
  return getMetadata(params.roomId);
});

export const PATCH = agentRoute<Params>(async ({ req, params, agent }) => {
  await requireAgentSeat(agent, params.roomId);
  const patch = await readJson(req, metadataPatchSchema);
  return updateMetadata({
    roomId: params.roomId,
    actor: { agentId: agent.id, name: agent.name, isOwner: false },
    set: patch.set,
    remove: patch.delete,
    expectedVersion: ifMatchVersion(req),
  });
});
