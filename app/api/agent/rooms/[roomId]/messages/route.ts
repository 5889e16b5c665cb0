import { callAgentOperation } from "@/lib/agents/api";
import { agentRoute, json, readJsonObject } from "@/lib/http/routes";

export const POST = agentRoute<{ roomId: string }>(async ({ req, params, agent }) => {
  const sent = await callAgentOperation(agent, "send_message", {
    ...(await readJsonObject(req)),
    room_id: params.roomId,
  });
  return json(sent, sent.created ? 201 : 200);
});
