import { callAgentOperation } from "@/lib/agents/api";
import { agentRoute } from "@/lib/http/routes";

/** get_attachment over REST: the file's descriptor and its content (image as base64, text as text). */
export const GET = agentRoute<{ attachmentId: string }>(async ({ params, agent }) =>
  callAgentOperation(agent, "get_attachment", { attachment_id: params.attachmentId }),
);
