import { acknowledge } from "@/lib/agent-inbox";
import { requireAgentSeat } from "@/lib/agents";
import { agentRoute, readJson } from "@/lib/http";
import { agentAckSchema } from "@/lib/schemas";

export const POST = agentRoute<{ roomId: string }>(async ({ req, params, agent }) => {
  const { up_to_seq } = await readJson(req, agentAckSchema.omit({ room_id: true }));
  return acknowledge(await requireAgentSeat(agent, params.roomId), up_to_seq);
});
