import { sendAgentMessage } from "@/lib/agent-inbox";
import { agentRoute, json, readJson } from "@/lib/http";
import { agentSendSchema } from "@/lib/schemas";

const bodySchema = agentSendSchema.omit({ room_id: true });

export const POST = agentRoute<{ roomId: string }>(async ({ req, params, agent }) => {
  const input = await readJson(req, bodySchema);
  const { message, created } = await sendAgentMessage({
    agent,
    roomId: params.roomId,
    body: input.body,
    replyToSeq: input.reply_to_seq,
    clientId: input.client_id,
    usage: input.usage && {
      inputTokens: input.usage.input_tokens,
      outputTokens: input.usage.output_tokens,
      latencyMs: input.usage.latency_ms,
      model: input.usage.model,
    },
  });
  return json({ message }, created ? 201 : 200);
});
