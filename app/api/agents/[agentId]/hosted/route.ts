import {
  getHostedSettings,
  hostedSettingsSchema,
  removeHosted,
  saveHostedSettings,
} from "@/lib/agents/hosted/settings";
import { readJson, userRoute } from "@/lib/http/routes";

type Params = { agentId: string };

/** The agent's hosted settings → `{ hosted }` (null when Parley does not run it). Owner only; the key never comes back. */
export const GET = userRoute<Params>(async ({ params, user }) => ({
  hosted: await getHostedSettings(user.id, params.agentId),
}));

/** Makes the agent hosted, or changes how: model, system prompt, reply rule, budget, key. */
export const PUT = userRoute<Params>(async ({ req, params, user }) => ({
  hosted: await saveHostedSettings(user.id, params.agentId, await readJson(req, hostedSettingsSchema)),
}));

/** Parley stops running the agent; its own key is deleted. */
export const DELETE = userRoute<Params>(async ({ params, user }) => {
  await removeHosted(user.id, params.agentId);
  return { hosted: null };
});
