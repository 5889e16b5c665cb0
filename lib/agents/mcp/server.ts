import "server-only";
import {
  type AuthInfo,
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  createMcpHandler,
  isLegacyRequest,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type Tool,
  WebStandardStreamableHTTPServerTransport,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import type { AuthenticatedAgent } from "@/lib/agents/agents";
import {
  type AgentOperationName,
  agentOperations,
  callAgentOperation,
  parseAgentInput,
  wireJsonSchema,
} from "@/lib/agents/api";
import { cancelWait } from "@/lib/agents/inbox";
import type { AttachmentResult } from "@/lib/agents/schemas";
import { cancelWaitTask, getWaitTask, startWaitTask, type TaskView } from "@/lib/agents/tasks";
import { AppError } from "@/lib/platform/errors";
import { log } from "@/lib/platform/log";
import { metrics } from "@/lib/platform/metrics";
import { version } from "@/lib/platform/version";

const INSTRUCTIONS = `You are a participant in Parley chat rooms, alongside people and other agents. Each result tells you who you are (you.name, you.handle): people @mention you by your handle.
Loop: call get_pending_messages. The call itself waits for new messages, so there is never anything to wait for on your side.
- next_poll_instruction.action "process_messages": read the messages and their context, then answer each thought with send_message (room_id, body in Markdown, reply_to_seq = the seq you answer), or call ack_messages for messages you choose not to answer. Then call get_pending_messages again.
- "poll_again": nothing came in time; call get_pending_messages again now.
Messages you neither answer nor acknowledge come back after a while. Other agents' messages reach you only when they @mention you; a room's owner may also set you to answer only @mentions (reply_rule).
A message may carry files (attachments: id, name, type, size): read one with get_attachment. A message with a thread_root_seq is a reply in a thread: answer it in that thread (send_message with thread_root_seq).
Use get_history for older messages and get_room_status for who is in a room. Each room has session metadata (a JSON object: status, priority, customer…): read it with get_metadata, change keys with update_metadata.`;

/**
 * Tools whose result is content rather than JSON: a file comes back as MCP image or text content, which a
 * model reads as such (they declare no output schema, which would ask for structured JSON instead).
 */
const contentResults: Partial<Record<AgentOperationName, (data: never) => CallToolResult>> = {
  get_attachment: ({ attachment, content }: AttachmentResult): CallToolResult => {
    const about = { type: "text" as const, text: JSON.stringify({ attachment }) };
    if (content.kind === "image")
      return { content: [about, { type: "image", data: content.data, mimeType: content.mime_type }] };
    if (content.kind === "text")
      return {
        content: [about, { type: "text", text: content.truncated ? `${content.text}\n[truncated]` : content.text }],
      };
    return { content: [about, { type: "text", text: content.note }] };
  },
};

/** The tool list, built once from the agent API's table: JSON Schemas for input and output, titles, hints. */
const tools: Tool[] = Object.entries(agentOperations).map(([name, op]) => ({
  name,
  title: op.title,
  description: op.description,
  inputSchema: wireJsonSchema(op.input, "input") as Tool["inputSchema"],
  ...(!(name in contentResults) && { outputSchema: wireJsonSchema(op.output, "output") as Tool["outputSchema"] }),
  annotations: { title: op.title, ...op.annotations },
}));

/** Domain refusals become tool errors that tell the model why; anything else is a server fault. Each call is counted. */
async function guarded<R>(tool: string, fn: () => Promise<R>): Promise<R | CallToolResult> {
  try {
    const result = await fn();
    metrics.mcpToolCalls.inc({ tool, outcome: "ok" });
    return result;
  } catch (err) {
    if (err instanceof AppError) {
      metrics.mcpToolCalls.inc({ tool, outcome: "error" });
      return toolError(err.message);
    }
    metrics.mcpToolCalls.inc({ tool, outcome: "fault" });
    log.error("mcp tool failed", { tool, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

function callTool(agent: AuthenticatedAgent, name: string, args: unknown, signal: AbortSignal, requestId: string) {
  if (!(name in agentOperations)) return toolError(`Unknown tool “${name}”. Call tools/list for the tools there are.`);
  return guarded(name, async () => {
    const data = await callAgentOperation(agent, name as AgentOperationName, args, { signal, requestId });
    const render = contentResults[name as AgentOperationName];
    return render ? render(data as never) : toolResult(data);
  });
}

const toolError = (text: string): CallToolResult => ({ isError: true, content: [{ type: "text", text }] });
/** Structured JSON for clients that read it, the same JSON as text for those that do not. */
const toolResult = (data: Record<string, unknown>): CallToolResult => ({
  content: [{ type: "text", text: JSON.stringify(data) }],
  structuredContent: data,
});

// ---- the Tasks extension (2026-07-28): get_pending_messages as a task ----

const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

/** The wait as a task: returned at once (`resultType: "task"`), completed when messages come. */
function startTask(agent: AuthenticatedAgent, args: unknown) {
  return guarded("get_pending_messages", async () => {
    const task = await startWaitTask(agent, parseAgentInput("get_pending_messages", args).room_id);
    return { resultType: "task", ...taskOnWire(task) };
  });
}

/** A task as tasks/get answers it: its result, once there, is the tool's result (a 2026-07-28 one). */
function taskOnWire({ result, ...task }: TaskView) {
  return { ...task, ...(result && { result: { ...toolResult(result), resultType: "complete" } }) };
}

/** Task methods answer an unknown task (or another agent's) with invalid params, as the extension asks. */
async function taskMethod<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw new ProtocolError(ProtocolErrorCode.InvalidParams, err.message);
    throw err;
  }
}

const taskParams = { params: z.object({ taskId: z.string().min(1).max(100) }) };

/**
 * One server per request, acting as `agent`. `requestSignal` ends when the HTTP request does. Tools never
 * change at run time, so no listChanged is advertised. On the 2026-07-28 revision the server offers the
 * Tasks extension: a client that declares it on a wait gets a task back.
 */
function createMcpServer(agent: AuthenticatedAgent, requestSignal: AbortSignal, era: "legacy" | "modern"): Server {
  const tasks = era === "modern";
  const capabilities = { tools: {}, ...(tasks && { extensions: { [TASKS_EXTENSION]: {} } }) };
  const server = new Server({ name: "parley", title: "Parley", version }, { capabilities, instructions: INSTRUCTIONS });
  server.setRequestHandler("tools/list", () => ({ tools }));
  server.setRequestHandler("tools/call", (request, ctx) => {
    const { name, arguments: args } = request.params;
    const envelope = ctx.mcpReq.envelope as Record<string, { extensions?: Record<string, unknown> }> | undefined;
    if (
      tasks &&
      name === "get_pending_messages" &&
      envelope?.[CLIENT_CAPABILITIES_META_KEY]?.extensions?.[TASKS_EXTENSION]
    ) {
      return startTask(agent, args) as Promise<CallToolResult>;
    }
    return callTool(agent, name, args, AbortSignal.any([requestSignal, ctx.mcpReq.signal]), String(ctx.mcpReq.id));
  });
  if (tasks) {
    server.setRequestHandler("tasks/get", taskParams, ({ taskId }) =>
      taskMethod(async () => taskOnWire(await getWaitTask(agent, taskId))),
    );
    server.setRequestHandler("tasks/cancel", taskParams, ({ taskId }) =>
      taskMethod(async () => {
        await cancelWaitTask(agent, taskId);
        return {};
      }),
    );
  }
  // A 2025 client cancels with its own POST, usually to another server object (or instance) than the call
  // it cancels: the wait it names is found through the database and may no longer claim anything.
  server.setNotificationHandler("notifications/cancelled", async (notification) => {
    const { requestId } = notification.params;
    if (requestId !== undefined) await cancelWait(agent, String(requestId));
  });
  return server;
}

// The 2026-07-28 revision: every request carries its own envelope, so one handler serves them all; the
// agent the route authenticated rides along as the request's auth info.
const modern = createMcpHandler(
  ({ authInfo, requestInfo }) =>
    createMcpServer(
      authInfo?.extra?.agent as AuthenticatedAgent,
      requestInfo?.signal ?? new AbortController().signal,
      "modern",
    ),
  {
    legacy: "reject",
    responseMode: "json",
  },
);

/**
 * Serves one HTTP request to /api/mcp for an authenticated agent: the 2026-07-28 revision, and for 2025
 * clients (mcp-remote, claude.ai, the Inspector) stateless Streamable HTTP with plain JSON answers.
 */
export async function serveMcp(req: Request, agent: AuthenticatedAgent): Promise<Response> {
  if (await isLegacyRequest(req)) {
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await createMcpServer(agent, req.signal, "legacy").connect(transport);
    return transport.handleRequest(req);
  }
  const authInfo: AuthInfo = { token: "", clientId: agent.id, scopes: [], extra: { agent } };
  return modern.fetch(req, { authInfo });
}
