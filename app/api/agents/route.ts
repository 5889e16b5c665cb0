import { createAgent, listAgents } from "@/lib/agents/agents";
import { json, readJson, userRoute } from "@/lib/http/routes";
import { createAgentSchema } from "@/lib/platform/schemas";

export const GET = userRoute(async ({ user }) => ({ agents: await listAgents(user.id) }));

export const POST = userRoute(async ({ req, user }) => {
  const input = await readJson(req, createAgentSchema);
  return json({ agent: await createAgent({ ownerId: user.id, ...input }) }, 201);
});
