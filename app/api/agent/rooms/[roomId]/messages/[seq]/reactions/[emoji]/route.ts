import { callAgentOperation } from "@/lib/agents/api";
import { agentRoute } from "@/lib/http/routes";

type Params = { roomId: string; seq: string; emoji: string };

/** react over REST: PUT adds the reaction, DELETE takes it back → `{ reactions }`. */
const react = (remove: boolean) =>
  agentRoute<Params>(async ({ params, agent }) =>
    callAgentOperation(agent, "react", {
      room_id: params.roomId,
      seq: Number(params.seq),
      emoji: params.emoji,
      remove,
    }),
  );

export const PUT = react(false);
export const DELETE = react(true);
