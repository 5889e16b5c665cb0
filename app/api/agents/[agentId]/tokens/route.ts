import { issueToken } from "@/lib/agents/agents";
import { json, userRoute } from "@/lib/http/routes";

export const POST = userRoute<{ agentId: string }>(async ({ params, user }) =>
  json(await issueToken({ ownerId: user.id, agentId: params.agentId }), 201),
);
