import { issueToken } from "@/lib/agents";
import { json, userRoute } from "@/lib/http";

export const POST = userRoute<{ agentId: string }>(async ({ params, user }) =>
  json(await issueToken({ ownerId: user.id, agentId: params.agentId }), 201),
);
