import "server-only";
import Anthropic from "@anthropic-ai/sdk";
import type { MessageParam, Tool, ToolResultBlockParam } from "@anthropic-ai/sdk/resources/messages";

/**
 * One reply from the Anthropic Messages API, streamed: `onText` sees the text so far as tokens arrive.
 * Tool use is answered by `runTool` and the conversation continues, up to a few rounds; usage adds up
 * over the rounds. The SDK retries rate limits, overload and connection errors with backoff.
 */

export type ReplyUsage = { inputTokens: number; outputTokens: number };

export type StreamReplyInput = {
  client: Anthropic;
  model: string;
  system: string;
  prompt: string;
  tools: Tool[];
  runTool: (name: string, input: unknown) => Promise<{ content: string; isError: boolean }>;
  onText: (textSoFar: string) => void;
  signal: AbortSignal;
  maxTokens?: number;
};

const MAX_TOOL_ROUNDS = 4;

export function anthropicClient(apiKey: string, { maxRetries, timeoutMs }: { maxRetries: number; timeoutMs: number }) {
  // ANTHROPIC_BASE_URL, when set, is read by the SDK itself.
  return new Anthropic({ apiKey, maxRetries, timeout: timeoutMs });
}

export async function streamReply(input: StreamReplyInput): Promise<{ text: string; usage: ReplyUsage }> {
  const messages: MessageParam[] = [{ role: "user", content: input.prompt }];
  const usage: ReplyUsage = { inputTokens: 0, outputTokens: 0 };
  let text = "";
  for (let round = 0; round <= MAX_TOOL_ROUNDS; round++) {
    const before = text;
    const stream = input.client.messages.stream(
      {
        model: input.model,
        max_tokens: input.maxTokens ?? 1024,
        system: input.system,
        messages,
        // The last round gets no tools, so the model has to answer.
        ...(round < MAX_TOOL_ROUNDS && input.tools.length > 0 && { tools: input.tools }),
      },
      { signal: input.signal },
    );
    stream.on("text", (_, snapshot) => {
      text = before + snapshot;
      input.onText(text);
    });
    const message = await stream.finalMessage();
    usage.inputTokens += message.usage.input_tokens;
    usage.outputTokens += message.usage.output_tokens;
    const calls = message.content.filter((block) => block.type === "tool_use");
    if (message.stop_reason !== "tool_use" || calls.length === 0) break;
    if (text && !text.endsWith("\n")) text += "\n\n";
    const results: ToolResultBlockParam[] = [];
    for (const call of calls) {
      const result = await input.runTool(call.name, call.input);
      results.push({ type: "tool_result", tool_use_id: call.id, content: result.content, is_error: result.isError });
    }
    messages.push({ role: "assistant", content: message.content }, { role: "user", content: results });
  }
  return { text: text.trim(), usage };
}
