import { callAgentOperation } from "@/lib/agents/api";
import { agentRoute, readJsonObject } from "@/lib/http/routes";

export const POST = agentRoute<{ roomId: string }>(async ({ req, params, agent }) =>
  callAgentOperation(agent, "ack_messages", { ...(await readJsonObject(req)), room_id: params.roomId }),
);
