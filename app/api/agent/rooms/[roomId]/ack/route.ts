import { callAgentOperation } from "@/lib/agent-api";
import { agentRoute, readJsonObject } from "@/lib/http";

export const POST = agentRoute<{ roomId: string }>(async ({ req, params, agent }) =>
  callAgentOperation(agent, "ack_messages", { ...(await readJsonObject(req)), room_id: params.roomId }),
);
