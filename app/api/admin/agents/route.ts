import { agentSummaries } from "@/lib/feedback";
import { adminRoute } from "@/lib/http";

export const GET = adminRoute(async () => ({ agents: await agentSummaries() }));
