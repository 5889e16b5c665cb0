import { callAgentOperation } from "@/lib/agents/api";
import { agentRoute, readJsonObject } from "@/lib/http/routes";

/** edit_message over REST: `{ body }` → `{ message }`. */
export const PATCH = agentRoute<{ roomId: string; seq: string }>(async ({ req, params, agent }) =>
  callAgentOperation(agent, "edit_message", {
    ...(await readJsonObject(req)),
    room_id: params.roomId,
    seq: Number(params.seq),
  }),
);
