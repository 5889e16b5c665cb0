import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { agentRoute } from "@/lib/http";
import { createMcpServer } from "@/lib/mcp/server";

export const dynamic = "force-dynamic";
// get_pending_messages holds a call for up to 25 s.
export const maxDuration = 60;

// Stateless Streamable HTTP: a fresh server per request, acting as the token's agent.
const handle = agentRoute(async ({ req, agent }) => {
  const server = createMcpServer(agent, req.signal);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  return transport.handleRequest(req);
}, { mcp: true });

export { handle as DELETE, handle as GET, handle as POST };
