import { callAgentOperation } from "@/lib/agents/api";
import { agentRoute, json, readJsonObject } from "@/lib/http/routes";

// Files ride along as base64: as much as the MCP endpoint takes in one request.
const MAX_SEND_BYTES = 4 * 1024 * 1024;

export const POST = agentRoute<{ roomId: string }>(async ({ req, params, agent }) => {
  const sent = await callAgentOperation(agent, "send_message", {
    ...(await readJsonObject(req, MAX_SEND_BYTES)),
    room_id: params.roomId,
  });
  return json(sent, sent.created ? 201 : 200);
});
