import { callAgentOperation } from "@/lib/agents/api";
import { agentRoute } from "@/lib/http/routes";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

export const GET = agentRoute(async ({ req, agent }) =>
  callAgentOperation(agent, "get_pending_messages", Object.fromEntries(new URL(req.url).searchParams), {
    signal: req.signal,
  }),
);
