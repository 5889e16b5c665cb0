import { callAgentOperation } from "@/lib/agents/api";
import { agentRoute, ifMatchVersion, readJsonObject } from "@/lib/http/routes";

type Params = { roomId: string };

export const GET = agentRoute<Params>(async ({ params, agent }) =>
  callAgentOperation(agent, "get_metadata", { room_id: params.roomId }),
);

export const PATCH = agentRoute<Params>(async ({ req, params, agent }) =>
  callAgentOperation(agent, "update_metadata", {
    ...(await readJsonObject(req)),
    room_id: params.roomId,
    expected_version: ifMatchVersion(req),
  }),
);
