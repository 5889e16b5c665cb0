import { sendAgentMessage } from "@/lib/agent-rooms";
import { agentRoute, json, readJson } from "@/lib/http";
import { agentSendSchema, usageFromWire } from "@/lib/schemas";

const bodySchema = agentSendSchema.omit({ room_id: true });

export const POST = agentRoute<{ roomId: string }>(async ({ req, params, agent }) => {
  const input = await readJson(req, bodySchema);
  const { message, created } = await sendAgentMessage({
    agent,
    roomId: params.roomId,
    body: input.body,
    replyToSeq: input.reply_to_seq,
    clientId: input.client_id,
    usage: usageFromWire(input.usage),
  });
  return json({ message }, created ? 201 : 200);
});
