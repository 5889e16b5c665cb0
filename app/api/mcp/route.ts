import { serveMcp } from "@/lib/agents/mcp/server";
import { agentRoute } from "@/lib/http/routes";

export const dynamic = "force-dynamic";
// get_pending_messages holds a call for up to 25 s.
export const maxDuration = 60;

// Stateless: a fresh server per request, acting as the token's agent.
export const POST = agentRoute(({ req, agent }) => serveMcp(req, agent), { mcp: true });

// A stateless server has no stream to offer on GET and no session to end on DELETE: it says so at once
// (after the token check, so a client without one still learns how to authenticate).
const postOnly = agentRoute(
  async () =>
    Response.json(
      {
        error: {
          code: "method_not_allowed",
          message: "This MCP endpoint is stateless: send JSON-RPC requests with POST",
        },
      },
      { status: 405, headers: { allow: "POST" } },
    ),
  { mcp: true },
);

export { postOnly as DELETE, postOnly as GET };
