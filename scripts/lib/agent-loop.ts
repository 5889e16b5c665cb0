// The reference agent's loop, shared by `npm run agent`, tests and benchmarks: wait for messages over
// MCP, answer them, follow next_poll_instruction, and back off while the server is unreachable.
import Anthropic from "@anthropic-ai/sdk";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { defaultModel, listModels } from "../../lib/agents/hosted/models";
import { DEFAULT_SYSTEM_PROMPT, systemPromptFor, transcriptFor } from "../../lib/agents/hosted/prompt";
import type { AgentMessage as PendingMessage, PendingResult, You } from "../../lib/agents/schemas";

export type { PendingMessage };

type Context = PendingResult["context"][number];

export type Answer = { body: string; usage?: { input_tokens?: number; output_tokens?: number; latency_ms?: number; model?: string } };
export type Answerer = (messages: PendingMessage[], context: Context | undefined, you: You) => Promise<Answer>;

/** Without a model: a deterministic echo naming who spoke. */
export const echoAnswerer: Answerer = async (messages) => ({
  body: messages.map((m) => `Echo to ${m.sender.name}: ${m.body}`).join("\n\n"),
});

/**
 * With ANTHROPIC_API_KEY: Claude answers, given the room's recent context (ANTHROPIC_BASE_URL is honoured).
 * The model is ANTHROPIC_MODEL, or else the newest Sonnet the key can use, as the API lists them.
 */
export function claudeAnswerer(apiKey: string, chosenModel = process.env.ANTHROPIC_MODEL): Answerer {
  const client = new Anthropic({ apiKey });
  let picked: Promise<string> | undefined;
  const modelToUse = () =>
    (picked ??= chosenModel
      ? Promise.resolve(chosenModel)
      : listModels(client).then((models) => {
          const model = defaultModel(models);
          if (!model) throw new Error("The Anthropic API lists no model for this key");
          return model;
        }));
  return async (messages, context, you) => {
    const model = await modelToUse();
    const started = Date.now();
    const message = await client.messages
      .stream({
        model,
        max_tokens: 1024,
        system: systemPromptFor(DEFAULT_SYSTEM_PROMPT, you, context),
        messages: [{ role: "user", content: transcriptFor(messages, context) }],
      })
      .finalMessage();
    return {
      body: message.content.map((block) => (block.type === "text" ? block.text : "")).join("").trim() || "…",
      usage: {
        input_tokens: message.usage.input_tokens,
        output_tokens: message.usage.output_tokens,
        latency_ms: Date.now() - started,
        model,
      },
    };
  };
}

// The loop's signal lives as long as the agent: whatever listens to it must stop listening when done,
// or every poll leaves a listener behind.
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });

/** The MCP SDK adds an abort listener to a request's signal and never removes it: give each call its own. */
async function withOwnSignal<T>(signal: AbortSignal | undefined, call: (signal?: AbortSignal) => Promise<T>): Promise<T> {
  if (!signal) return call(undefined);
  const own = new AbortController();
  const abort = () => own.abort();
  signal.addEventListener("abort", abort, { once: true });
  try {
    return await call(own.signal);
  } finally {
    signal.removeEventListener("abort", abort);
  }
}

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: "parley-reference-agent", version: "0.1.0" });
  const transport = new StreamableHTTPClientTransport(new URL("/api/mcp", url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

export async function runAgentLoop({
  url,
  token,
  roomId,
  answer = echoAnswerer,
  signal,
  log = (line: string) => console.log(line),
}: {
  url: string;
  token: string;
  roomId?: string;
  answer?: Answerer;
  signal?: AbortSignal;
  log?: (line: string) => void;
}): Promise<void> {
  let client: Client | null = null;
  let backoffMs = 1000;
  while (!signal?.aborted) {
    try {
      const connected = (client ??= await connect(url, token));
      const result = await withOwnSignal(signal, (callSignal) =>
        connected.callTool(
          { name: "get_pending_messages", arguments: { wait_seconds: 20, ...(roomId && { room_id: roomId }) } },
          { timeout: 40_000, signal: callSignal },
        ),
      );
      if (result.isError) throw new Error(JSON.stringify(result.content));
      const pending = result.structuredContent as PendingResult;
      backoffMs = 1000;
      // The call itself waited: anything but messages means "call again now".
      if (pending.next_poll_instruction.action !== "process_messages") continue;
      const byRoom = new Map<string, PendingMessage[]>();
      for (const m of pending.messages) byRoom.set(m.room_id, [...(byRoom.get(m.room_id) ?? []), m]);
      for (const [room, messages] of byRoom) {
        const last = messages[messages.length - 1];
        const reply = await answer(messages, pending.context.find((c) => c.room_id === room), pending.you);
        await client.callTool({
          name: "send_message",
          arguments: { room_id: room, body: reply.body, reply_to_seq: last.seq, client_id: `reply-${room}-${last.seq}`, usage: reply.usage },
        });
        log(`answered ${messages.length} message(s) in ${room} up to seq ${last.seq}`);
      }
    } catch (err) {
      if (signal?.aborted) break;
      log(`server unreachable or refused (${err instanceof Error ? err.message : err}); retrying in ${backoffMs / 1000} s`);
      await client?.close().catch(() => {});
      client = null;
      await sleep(backoffMs, signal);
      backoffMs = Math.min(backoffMs * 2, 30_000);
    }
  }
  await client?.close().catch(() => {});
}
