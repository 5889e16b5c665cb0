import { adminRoute } from "@/lib/http/routes";
import { agentSummaries } from "@/lib/review/feedback";

export const GET = adminRoute(async () => ({ agents: await agentSummaries() }));
