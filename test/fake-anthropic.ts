import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the Anthropic Messages API that speaks its streaming wire format (server-sent
 * events: message_start, content_block_*, message_delta, message_stop) and its error bodies, so the hosted
 * agent runs against real HTTP. Each request takes the next scripted step; with none left it answers
 * "Hello from the model" word by word.
 */

export type Step =
  | {
      kind: "text";
      text: string;
      chunkDelayMs?: number;
      /** A longer wait after the first word: a reply seen half-written for sure. */
      holdAfterFirstMs?: number;
      usage?: { input: number; output: number };
    }
  | { kind: "tool"; name: string; input: Record<string, unknown> }
  | { kind: "error"; status: number; type?: string; message?: string };

export type FakeAnthropic = {
  url: string;
  /** Steps the next requests take, in order. */
  script: Step[];
  /** What each request carried: its API key and body. */
  requests: { apiKey: string | undefined; body: any }[];
  close(): Promise<void>;
};

export const DEFAULT_REPLY = "Hello from the model";

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const fake: FakeAnthropic = { url: "", script: [], requests: [], close: async () => {} };
  const server = createServer(async (req, res) => {
    // Browser tests run in another process: they add steps over HTTP.
    if (req.method === "POST" && req.url === "/_script") {
      fake.script.push(...(JSON.parse(await readBody(req)) as Step[]));
      res.writeHead(204).end();
      return;
    }
    if (req.method !== "POST" || !req.url?.startsWith("/v1/messages")) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(await readBody(req));
    // The SDK sends the key as a bearer token (older versions used x-api-key).
    const apiKey =
      (req.headers["x-api-key"] as string | undefined) ?? req.headers.authorization?.replace(/^Bearer /, "");
    fake.requests.push({ apiKey, body });
    const step = fake.script.shift() ?? { kind: "text", text: DEFAULT_REPLY, chunkDelayMs: 20 };
    if (step.kind === "error") {
      const type = step.type ?? "overloaded_error";
      res.writeHead(step.status, { "content-type": "application/json", "request-id": "req_fake" });
      res.end(JSON.stringify({ type: "error", error: { type, message: step.message ?? "Overloaded" } }));
      return;
    }
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

async function stream(res: ServerResponse, model: string, step: Exclude<Step, { kind: "error" }>) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": "req_fake" });
  // The client went away (Stop aborts the request): the response's own close says so.
  let closed = false;
  res.on("close", () => (closed = true));
  const send = (event: string, data: object) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  const usage = step.kind === "text" && step.usage ? step.usage : { input: 25, output: 7 };
  send("message_start", {
    message: {
      id: `msg_${Math.random().toString(36).slice(2)}`,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: 1 },
    },
  });
  if (step.kind === "tool") {
    const id = `toolu_${Math.random().toString(36).slice(2)}`;
    send("content_block_start", { index: 0, content_block: { type: "tool_use", id, name: step.name, input: {} } });
    send("content_block_delta", {
      index: 0,
      delta: { type: "input_json_delta", partial_json: JSON.stringify(step.input) },
    });
    send("content_block_stop", { index: 0 });
    send("message_delta", {
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: { output_tokens: usage.output },
    });
  } else {
    send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
    send("ping", {});
    const words = step.text.split(/(?<= )/);
    for (const [i, word] of words.entries()) {
      if (closed) return res.end();
      send("content_block_delta", { index: 0, delta: { type: "text_delta", text: word } });
      await new Promise((r) =>
        setTimeout(r, i === 0 && step.holdAfterFirstMs ? step.holdAfterFirstMs : (step.chunkDelayMs ?? 20)),
      );
    }
    send("content_block_stop", { index: 0 });
    send("message_delta", {
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: usage.output },
    });
  }
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
