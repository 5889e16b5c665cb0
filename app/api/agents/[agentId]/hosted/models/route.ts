import { modelChoices } from "@/lib/agents/hosted/settings";
import { userRoute } from "@/lib/http/routes";

type Params = { agentId: string };

/**
 * The models the agent's key can use, newest first, and the default (the newest Sonnet) → `{ models,
 * defaultModel }`. A key typed in the form and not saved yet comes in `X-Anthropic-Api-Key` (never the URL).
 */
export const GET = userRoute<Params>(async ({ req, params, user }) =>
  modelChoices({
    ownerId: user.id,
    agentId: params.agentId,
    typedKey: req.headers.get("x-anthropic-api-key") ?? undefined,
  }),
);
