import { resumeHosted } from "@/lib/agents/hosted/settings";
import { userRoute } from "@/lib/http/routes";

type Params = { agentId: string };

/** Answering again after Parley paused the agent (its key and model are checked first) → `{ hosted }`. */
export const POST = userRoute<Params>(async ({ params, user }) => ({
  hosted: await resumeHosted(user.id, params.agentId),
}));
