import { waitForMessages } from "@/lib/agent-inbox";
import { agentRoute, readQuery } from "@/lib/http";
import { pendingQuerySchema } from "@/lib/schemas";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

export const GET = agentRoute(async ({ req, agent }) => {
  const { room_id, wait_seconds } = readQuery(req, pendingQuerySchema);
  return waitForMessages({ agent, roomId: room_id, waitSeconds: wait_seconds, signal: req.signal });
});
