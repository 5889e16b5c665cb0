import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the Anthropic API that speaks its wire formats, so hosted agents run against real HTTP:
 * - `POST /v1/messages`, streamed (server-sent events: message_start, content_block_*, message_delta,
 *   message_stop) with its stop reasons, thinking blocks and cache usage; each request takes the next
 *   scripted step, and with none left it answers "Hello from the model" word by word;
 * - `GET /v1/models`, newest first and paginated like the real one (limit, after_id, before_id, has_more,
 *   first_id, last_id);
 * - its error bodies: 401 for a refused key, 404 for a model it does not list.
 */

type Usage = { input: number; output: number; cacheRead?: number; cacheWrite?: number };

/** One content block of a scripted reply, as the model would write it. */
export type Block =
  | { type: "text"; text: string }
  | { type: "thinking"; thinking: string }
  | { type: "tool_use"; name: string; input: Record<string, unknown> };

type StopReason = "end_turn" | "max_tokens" | "tool_use" | "pause_turn" | "refusal" | "model_context_window_exceeded";

export type Step =
  | {
      kind: "text";
      text: string;
      chunkDelayMs?: number;
      /** A longer wait after the first word: a reply seen half-written for sure. */
      holdAfterFirstMs?: number;
      usage?: Usage;
      /** end_turn unless given. */
      stopReason?: StopReason;
      /** With stopReason "refusal": what the API says about it. */
      explanation?: string;
    }
  | { kind: "tool"; name: string; input: Record<string, unknown> }
  /** Any sequence of blocks (thinking, text, tool calls) in one response. */
  | { kind: "blocks"; blocks: Block[]; stopReason: StopReason; usage?: Usage; chunkDelayMs?: number }
  | { kind: "error"; status: number; type?: string; message?: string };

export type FakeModel = {
  id: string;
  display_name: string;
  created_at: string;
  line: "sonnet" | "opus" | "haiku" | null;
  lifecycle: "active" | "deprecated";
};

/** What the stand-in lists unless a test changes `models`: newest first, as the real API orders them. */
export const DEFAULT_MODELS: FakeModel[] = [
  {
    id: "claude-sonnet-5-5",
    display_name: "Claude Sonnet 5.5",
    created_at: "2026-09-28T00:00:00Z",
    line: "sonnet",
    lifecycle: "active",
  },
  {
    id: "claude-opus-5-5",
    display_name: "Claude Opus 5.5",
    created_at: "2026-09-20T00:00:00Z",
    line: "opus",
    lifecycle: "active",
  },
  {
    id: "claude-haiku-5-5",
    display_name: "Claude Haiku 5.5",
    created_at: "2026-08-14T00:00:00Z",
    line: "haiku",
    lifecycle: "active",
  },
  {
    id: "claude-sonnet-4-6",
    display_name: "Claude Sonnet 4.6",
    created_at: "2026-02-17T00:00:00Z",
    line: "sonnet",
    lifecycle: "deprecated",
  },
  {
    id: "claude-test",
    display_name: "Claude Test",
    created_at: "2025-01-01T00:00:00Z",
    line: null,
    lifecycle: "active",
  },
];

export type FakeAnthropic = {
  url: string;
  /** Steps the next requests to /v1/messages take, in order. */
  script: Step[];
  /** What each request to /v1/messages carried: its API key and body. */
  requests: { apiKey: string | undefined; body: any }[];
  /** The models /v1/models lists (and /v1/messages accepts), newest first. */
  models: FakeModel[];
  /** /v1/models' page size when a request names none (the real API's is 20). */
  pageSize: number;
  /** How many requests /v1/models served (each page is one). */
  modelListRequests: number;
  /** Keys the stand-in refuses with 401, as the real API refuses a revoked key. */
  refusedKeys: Set<string>;
  close(): Promise<void>;
};

export const DEFAULT_REPLY = "Hello from the model";

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const fake: FakeAnthropic = {
    url: "",
    script: [],
    requests: [],
    models: [...DEFAULT_MODELS],
    pageSize: 20,
    modelListRequests: 0,
    refusedKeys: new Set(),
    close: async () => {},
  };
  const server = createServer(async (req, res) => {
    // Browser tests run in another process: they add steps over HTTP.
    if (req.method === "POST" && req.url === "/_script") {
      fake.script.push(...(JSON.parse(await readBody(req)) as Step[]));
      res.writeHead(204).end();
      return;
    }
    // The SDK sends the key as a bearer token (older versions used x-api-key).
    const apiKey =
      (req.headers["x-api-key"] as string | undefined) ?? req.headers.authorization?.replace(/^Bearer /, "");
    const url = new URL(req.url ?? "/", "http://fake");
    const refused = apiKey !== undefined && fake.refusedKeys.has(apiKey);
    const refuse = () => sendError(res, { status: 401, type: "authentication_error", message: "invalid x-api-key" });
    if (req.method === "GET" && url.pathname === "/v1/models") {
      fake.modelListRequests++;
      return refused ? refuse() : listModels(res, fake, url.searchParams);
    }
    if (req.method !== "POST" || url.pathname !== "/v1/messages") {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(await readBody(req));
    fake.requests.push({ apiKey, body });
    if (refused) return refuse();
    if (!fake.models.some((m) => m.id === body.model)) {
      return sendError(res, { status: 404, type: "not_found_error", message: `model: ${body.model}` });
    }
    const step = fake.script.shift() ?? { kind: "text", text: DEFAULT_REPLY, chunkDelayMs: 20 };
    if (step.kind === "error") return sendError(res, step);
    await stream(res, body.model, step);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

function sendError(res: ServerResponse, step: { status: number; type?: string; message?: string }) {
  const type = step.type ?? "overloaded_error";
  res.writeHead(step.status, { "content-type": "application/json", "request-id": "req_fake" });
  res.end(JSON.stringify({ type: "error", error: { type, message: step.message ?? "Overloaded" } }));
}

/** GET /v1/models: a page after `after_id` (or before `before_id`), `limit` long, newest first. */
function listModels(res: ServerResponse, fake: FakeAnthropic, query: URLSearchParams) {
  const limit = Math.min(1000, Math.max(1, Number(query.get("limit") ?? fake.pageSize)));
  const all = fake.models.map((m) => ({ type: "model", ...m }));
  const after = query.get("after_id");
  const before = query.get("before_id");
  let page: typeof all;
  let hasMore: boolean;
  if (before) {
    const end = all.findIndex((m) => m.id === before);
    const start = Math.max(0, end - limit);
    page = all.slice(start, Math.max(0, end));
    hasMore = start > 0;
  } else {
    const start = after ? all.findIndex((m) => m.id === after) + 1 : 0;
    page = all.slice(start, start + limit);
    hasMore = start + limit < all.length;
  }
  res.writeHead(200, { "content-type": "application/json", "request-id": "req_fake" });
  res.end(
    JSON.stringify({ data: page, has_more: hasMore, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null }),
  );
}

/** The blocks, stop reason and usage a step answers with. */
function responseOf(step: Exclude<Step, { kind: "error" }>): { blocks: Block[]; stopReason: StopReason; usage: Usage } {
  const usage = ("usage" in step && step.usage) || { input: 25, output: 7 };
  switch (step.kind) {
    case "text":
      return { blocks: [{ type: "text", text: step.text }], stopReason: step.stopReason ?? "end_turn", usage };
    case "tool":
      return { blocks: [{ type: "tool_use", name: step.name, input: step.input }], stopReason: "tool_use", usage };
    case "blocks":
      return { blocks: step.blocks, stopReason: step.stopReason, usage };
  }
}

async function stream(res: ServerResponse, model: string, step: Exclude<Step, { kind: "error" }>) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": "req_fake" });
  // The client went away (Stop aborts the request): the response's own close says so.
  let closed = false;
  res.on("close", () => (closed = true));
  const send = (event: string, data: object) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  const { blocks, stopReason, usage } = responseOf(step);
  const chunkDelayMs = "chunkDelayMs" in step ? (step.chunkDelayMs ?? 20) : 20;
  const holdAfterFirstMs = step.kind === "text" ? step.holdAfterFirstMs : undefined;
  send("message_start", {
    message: {
      id: `msg_${Math.random().toString(36).slice(2)}`,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: usage.input,
        output_tokens: 1,
        cache_read_input_tokens: usage.cacheRead ?? 0,
        cache_creation_input_tokens: usage.cacheWrite ?? 0,
      },
    },
  });
  let first = true;
  for (const [index, block] of blocks.entries()) {
    if (block.type === "tool_use") {
      const id = `toolu_${Math.random().toString(36).slice(2)}`;
      send("content_block_start", { index, content_block: { type: "tool_use", id, name: block.name, input: {} } });
      send("content_block_delta", {
        index,
        delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) },
      });
    } else if (block.type === "thinking") {
      send("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } });
      send("content_block_delta", { index, delta: { type: "thinking_delta", thinking: block.thinking } });
      send("content_block_delta", { index, delta: { type: "signature_delta", signature: "sig_fake" } });
    } else {
      send("content_block_start", { index, content_block: { type: "text", text: "" } });
      send("ping", {});
      for (const word of block.text.split(/(?<= )/)) {
        if (closed) return res.end();
        send("content_block_delta", { index, delta: { type: "text_delta", text: word } });
        await new Promise((r) => setTimeout(r, first && holdAfterFirstMs ? holdAfterFirstMs : chunkDelayMs));
        first = false;
      }
    }
    send("content_block_stop", { index });
  }
  const explanation = step.kind === "text" ? step.explanation : undefined;
  send("message_delta", {
    delta: {
      stop_reason: stopReason,
      stop_sequence: null,
      stop_details:
        stopReason === "refusal" ? { type: "refusal", category: null, explanation: explanation ?? null } : null,
    },
    usage: { output_tokens: usage.output },
  });
  send("message_stop", {});
  res.end();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}
