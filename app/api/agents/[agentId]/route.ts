import { deleteAgent, updateAgent } from "@/lib/agents/agent-changes";
import { readJson, userRoute } from "@/lib/http/routes";
import { updateAgentSchema } from "@/lib/platform/schemas";

type Params = { agentId: string };

/** `{ name?, description? }`: the owner renames the agent → `{ agent }` (404 for someone else's). */
export const PATCH = userRoute<Params>(async ({ req, user, params }) => ({
  agent: await updateAgent({ ownerId: user.id, agentId: params.agentId, ...(await readJson(req, updateAgentSchema)) }),
}));

/** The owner deletes the agent: out of every room, its tokens revoked → 204. */
export const DELETE = userRoute<Params>(async ({ user, params }) => {
  await deleteAgent({ ownerId: user.id, agentId: params.agentId });
  return new Response(null, { status: 204 });
});
