import "server-only";
import Anthropic from "@anthropic-ai/sdk";
import type {
  ContentBlock,
  Message,
  MessageParam,
  Tool,
  ToolResultBlockParam,
  Usage,
} from "@anthropic-ai/sdk/resources/messages";

/**
 * One reply from the Anthropic Messages API, streamed: `onText` sees the reply's text so far as tokens
 * arrive (text blocks only: thinking never reaches the room, though it goes back to the API with tool
 * results, as the API requires). Tool use is answered by `runTool` and the conversation continues, up to a
 * few rounds; a paused turn (`pause_turn`) is sent back to continue. The system prompt and the tool
 * definitions carry cache breakpoints, so the rounds of a reply, and replies minutes apart, read them from
 * the prompt cache. The SDK retries rate limits, overload and connection errors with backoff.
 */

export type ReplyUsage = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
};

/** How the reply ended: complete, cut off (the length limit, or the model's context window), or declined. */
export type ReplyEnding =
  | { kind: "complete" }
  | { kind: "cut_off"; why: "length" | "context" }
  | { kind: "refused"; explanation: string | null };

/**
 * What the reply has come to so far, kept up to date while it streams, so that whoever stops it or sees it
 * fail still knows the text and the tokens it cost: usage adds up over the rounds, and a round cut short
 * counts the input the API reported at its start and an estimate of the output so far.
 */
export type ReplyProgress = { text: string; usage: ReplyUsage };

export const newProgress = (): ReplyProgress => ({
  text: "",
  usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
});

export type StreamReplyInput = {
  client: Anthropic;
  model: string;
  system: string;
  /** The user turn: the transcript, and any files of the messages to answer (text, image and text blocks). */
  prompt: MessageParam["content"];
  tools: Tool[];
  runTool: (name: string, input: unknown) => Promise<{ content: string; isError: boolean }>;
  onText: (textSoFar: string) => void;
  signal: AbortSignal;
  progress?: ReplyProgress;
  maxTokens?: number;
};

const MAX_ROUNDS = 5;
const CACHE = { type: "ephemeral" } as const;
// The API reports a round's output tokens only when it ends; for one cut short, about four characters a token.
const CHARS_PER_TOKEN = 4;

export function anthropicClient(apiKey: string, { maxRetries, timeoutMs }: { maxRetries: number; timeoutMs: number }) {
  // ANTHROPIC_BASE_URL, when set, is read by the SDK itself.
  return new Anthropic({ apiKey, maxRetries, timeout: timeoutMs });
}

export async function streamReply(
  input: StreamReplyInput,
): Promise<{ text: string; usage: ReplyUsage; ending: ReplyEnding }> {
  const progress = input.progress ?? newProgress();
  const messages: MessageParam[] = [{ role: "user", content: input.prompt }];
  // The last tool definition carries the breakpoint: the cache then holds all of them (they come first).
  const tools = input.tools.map((tool, i) => (i === input.tools.length - 1 ? { ...tool, cache_control: CACHE } : tool));
  const earlier: string[] = []; // the text of finished rounds
  for (let round = 1; ; round++) {
    const stream = input.client.messages.stream(
      {
        model: input.model,
        max_tokens: input.maxTokens ?? 4096,
        system: [{ type: "text", text: input.system, cache_control: CACHE }],
        messages,
        ...(tools.length > 0 && {
          tools,
          // The last round may not call a tool, so the model has to answer (the same tools keep the cache).
          ...(round === MAX_ROUNDS && { tool_choice: { type: "none" as const } }),
        }),
      },
      { signal: input.signal },
    );
    const show = () => {
      progress.text = joinParts([...earlier, ...textOf(stream.currentMessage?.content ?? [])]);
      input.onText(progress.text);
    };
    stream.on("text", show);
    let message: Message;
    try {
      message = await stream.finalMessage();
    } catch (err) {
      addUsage(progress.usage, estimatedUsage(stream.currentMessage));
      throw err;
    }
    addUsage(progress.usage, message.usage);
    earlier.push(...textOf(message.content));
    progress.text = joinParts(earlier);
    const calls = message.content.filter((block) => block.type === "tool_use");
    const ending = endingOf(message);
    if (ending) return { ...progress, ending };
    if (round === MAX_ROUNDS) return { ...progress, ending: { kind: "complete" } };
    // pause_turn: the assistant's content goes back as it is and the model carries on; tool_use: with the results.
    messages.push({ role: "assistant", content: message.content });
    if (message.stop_reason === "tool_use" && calls.length > 0) {
      const results: ToolResultBlockParam[] = [];
      for (const call of calls) {
        const result = await input.runTool(call.name, call.input);
        results.push({ type: "tool_result", tool_use_id: call.id, content: result.content, is_error: result.isError });
      }
      messages.push({ role: "user", content: results });
    }
  }
}

/** How a response ends the reply, or null when the conversation goes on (tool use, a paused turn). */
function endingOf(message: Message): ReplyEnding | null {
  switch (message.stop_reason) {
    case "tool_use":
      return message.content.some((block) => block.type === "tool_use") ? null : { kind: "complete" };
    case "pause_turn":
      return null;
    case "max_tokens":
      return { kind: "cut_off", why: "length" };
    case "model_context_window_exceeded":
      return { kind: "cut_off", why: "context" };
    case "refusal":
      return { kind: "refused", explanation: message.stop_details?.explanation ?? null };
    default:
      return { kind: "complete" };
  }
}

/** The text blocks of a response (thinking, tool calls and the rest are not for the room). */
const textOf = (content: ContentBlock[]) => content.flatMap((block) => (block.type === "text" ? [block.text] : []));

/** Text blocks and rounds as paragraphs of one reply. */
const joinParts = (parts: string[]) =>
  parts
    .map((part) => part.trim())
    .filter(Boolean)
    .join("\n\n");

function addUsage(
  total: ReplyUsage,
  usage: Pick<Usage, "input_tokens" | "output_tokens" | "cache_read_input_tokens" | "cache_creation_input_tokens">,
) {
  total.inputTokens += usage.input_tokens;
  total.outputTokens += usage.output_tokens;
  total.cacheReadTokens += usage.cache_read_input_tokens ?? 0;
  total.cacheWriteTokens += usage.cache_creation_input_tokens ?? 0;
}

/** A response cut short: the input message_start reported, and the output written so far, estimated. */
function estimatedUsage(snapshot: Message | undefined) {
  if (!snapshot)
    return { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
  const written = snapshot.content.reduce((chars, block) => {
    if (block.type === "text") return chars + block.text.length;
    if (block.type === "thinking") return chars + block.thinking.length;
    if (block.type === "tool_use") return chars + JSON.stringify(block.input ?? {}).length;
    return chars;
  }, 0);
  return {
    ...snapshot.usage,
    output_tokens: Math.max(snapshot.usage.output_tokens, Math.ceil(written / CHARS_PER_TOKEN)),
  };
}
