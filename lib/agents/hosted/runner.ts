import "server-only";
import Anthropic from "@anthropic-ai/sdk";
import type { Tool } from "@anthropic-ai/sdk/resources/messages";
import type { z } from "zod";
import { type AuthenticatedAgent, requireAgentSeat } from "@/lib/agents/agents";
import { type AgentOperationName, agentOperations, callAgentOperation, wireJsonSchema } from "@/lib/agents/api";
import { anthropicClient, streamReply } from "@/lib/agents/hosted/claude";
import { systemPromptFor, transcriptFor } from "@/lib/agents/hosted/prompt";
import { tokensToday } from "@/lib/agents/hosted/settings";
import type { AgentMessage, PendingResult } from "@/lib/agents/schemas";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { log } from "@/lib/platform/log";
import { open } from "@/lib/platform/secret-box";
import { cutOff, type Draft, endOrphanedDrafts, finishDraft, growDraft, startDraft, stopRequested } from "@/lib/rooms/drafts";

/**
 * A hosted agent's loop, the one an MCP client would run, through the same agent API: wait for pending
 * messages, answer them, acknowledge. The answer streams into the room as a draft; Stop ends it with
 * what was written. A failed answer is shown in the room and not acknowledged, so the messages come back
 * when their lease runs out and the loop tries again (after a pause that grows with each failure).
 */

// What the model may do in the room besides answering: the agent API's reads, metadata and reactions.
const TOOL_NAMES = ["get_history", "get_room_status", "get_metadata", "update_metadata", "react"] as const;

const tools: Tool[] = TOOL_NAMES.map((name) => {
  const op = agentOperations[name];
  // The room is the one being answered: the runner fills room_id in.
  const input = (op.input as z.ZodObject<{ room_id: z.ZodString }>).omit({ room_id: true });
  return { name, description: op.description, input_schema: wireJsonSchema(input, "input") };
});

const MAX_PAUSE_MS = 5 * 60_000;

export async function runHostedAgent(agentId: string, signal: AbortSignal): Promise<void> {
  await endOrphanedDrafts(agentId);
  let failures = 0;
  while (!signal.aborted) {
    const agent = await loadAgent(agentId);
    if (!agent) return;
    const pending = await callAgentOperation(agent, "get_pending_messages", { wait_seconds: 25 }, { signal });
    if (pending.messages.length === 0 || signal.aborted) continue;
    const answered = await answer(agent, pending, signal);
    failures = answered ? 0 : failures + 1;
    if (!answered) await pause(Math.min(2_000 * 2 ** failures, MAX_PAUSE_MS), signal);
  }
}

async function loadAgent(agentId: string): Promise<AuthenticatedAgent | null> {
  const row = await db.agent.findUnique({ where: { id: agentId }, include: { hosted: { select: { enabled: true } } } });
  return row?.hosted?.enabled ? { id: row.id, name: row.name, ownerId: row.ownerId } : null;
}

/** Answers one room's handed-out messages. Returns false when the answer failed (and was shown as failed). */
async function answer(agent: AuthenticatedAgent, pending: PendingResult, signal: AbortSignal): Promise<boolean> {
  const messages = pending.messages;
  const roomId = messages[0].room_id;
  const last = messages[messages.length - 1];
  const settings = await db.hostedAgent.findUnique({ where: { agentId: agent.id } });
  if (!settings) return true;

  if (settings.dailyTokenBudget !== null && (await tokensToday(agent.id)) >= settings.dailyTokenBudget) {
    // Said once per room and day (the client_id makes a repeat a no-op); the messages are acknowledged.
    const day = new Date().toISOString().slice(0, 10);
    await callAgentOperation(agent, "send_message", {
      room_id: roomId,
      body: `I have used today's token budget (${settings.dailyTokenBudget.toLocaleString("en")} tokens), so I can't answer until tomorrow (UTC). My owner can raise the budget on the Agents page.`,
      reply_to_seq: last.seq,
      thread_root_seq: last.thread_root_seq ?? undefined,
      client_id: `budget-${day}`,
    });
    return true;
  }

  const seat = await requireAgentSeat(agent, roomId);
  // Asked in a thread: answered in that thread.
  const draft = await startDraft({ roomId, sender: seat.sender, replyToSeq: last.seq, threadRootSeq: last.thread_root_seq ?? undefined });
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal.addEventListener("abort", abort, { once: true });
  const writer = draftWriter(draft, () => stop.abort());
  const started = Date.now();
  try {
    const apiKey = settings.sealedApiKey ? open(settings.sealedApiKey) : env.ANTHROPIC_API_KEY;
    if (!apiKey)
      throw new AppError("unprocessable", "no API key is set for me (my owner can add one on the Agents page)");
    const context = pending.context.find((c) => c.room_id === roomId);
    const reply = await streamReply({
      client: anthropicClient(apiKey, {
        maxRetries: env.HOSTED_AGENT_MAX_RETRIES,
        timeoutMs: env.HOSTED_AGENT_TIMEOUT_SECONDS * 1000,
      }),
      model: settings.model,
      system: systemPromptFor(settings.systemPrompt, pending.you, context),
      prompt: transcriptFor(messages, context),
      tools,
      runTool: (name, input) => runTool(agent, roomId, name, input),
      onText: writer.write,
      signal: stop.signal,
    });
    await writer.close();
    await finishDraft(draft, reply.text || "…", {
      inputTokens: reply.usage.inputTokens,
      outputTokens: reply.usage.outputTokens,
      latencyMs: Date.now() - started,
      model: settings.model,
    });
    await acknowledge(agent, roomId, last);
    return true;
  } catch (err) {
    await writer.close();
    const text = writer.text();
    if (signal.aborted) {
      // This instance is stopping: the reply is cut off and the messages go back to pending.
      await finishDraft(draft, cutOff(text));
      return true;
    }
    if (stop.signal.aborted) {
      // Someone pressed Stop: what was written stays, and the messages count as answered.
      await finishDraft(draft, text || "_(stopped)_");
      await acknowledge(agent, roomId, last);
      return true;
    }
    const reason = failureReason(err);
    log.warn("hosted agent reply failed", { agentId: agent.id, roomId, reason });
    await db.hostedAgent.updateMany({
      where: { agentId: agent.id },
      data: { lastError: reason, lastErrorAt: new Date() },
    });
    await finishDraft(
      draft,
      `${text ? `${text.trimEnd()}\n\n` : ""}⚠️ I couldn't answer: ${reason}. I'll try again shortly.`,
    );
    return false;
  } finally {
    signal.removeEventListener("abort", abort);
  }
}

const acknowledge = (agent: AuthenticatedAgent, roomId: string, last: AgentMessage) =>
  callAgentOperation(agent, "ack_messages", { room_id: roomId, up_to_seq: last.seq });

/**
 * Shows the text to the room at most every HOSTED_AGENT_DRAFT_INTERVAL_MS, one write at a time, and
 * checks for Stop at the same pace while the model is silent.
 */
function draftWriter(draft: Draft, onStop: () => void) {
  let latest = "";
  let shown = "";
  let busy: Promise<void> = Promise.resolve();
  const tick = () => {
    busy = busy.then(async () => {
      const stop = latest !== shown ? (await growDraft(draft, (shown = latest))).stop : await stopRequested(draft);
      if (stop) onStop();
    });
    busy = busy.catch((err) => log.warn("hosted agent draft write failed", { error: String(err) }));
  };
  const timer = setInterval(tick, env.HOSTED_AGENT_DRAFT_INTERVAL_MS);
  return {
    write: (text: string) => {
      latest = text;
    },
    text: () => latest,
    close: async () => {
      clearInterval(timer);
      await busy;
    },
  };
}

async function runTool(agent: AuthenticatedAgent, roomId: string, name: string, input: unknown) {
  if (!(TOOL_NAMES as readonly string[]).includes(name)) return { content: `Unknown tool ${name}`, isError: true };
  try {
    const args = { ...(input as object), room_id: roomId };
    return {
      content: JSON.stringify(await callAgentOperation(agent, name as AgentOperationName, args)),
      isError: false,
    };
  } catch (err) {
    if (err instanceof AppError) return { content: err.message, isError: true };
    throw err;
  }
}

/** Why the model API failed, in words for the room (never the key, never the request). */
function failureReason(err: unknown): string {
  if (err instanceof AppError) return err.message;
  if (err instanceof Anthropic.APIConnectionTimeoutError) return "the model API did not answer in time";
  if (err instanceof Anthropic.APIConnectionError) return "the model API could not be reached";
  if (err instanceof Anthropic.AuthenticationError) return "the model API refused my API key (401)";
  if (err instanceof Anthropic.RateLimitError) return "the model API is rate-limiting me (429)";
  if (err instanceof Anthropic.APIError) {
    const detail = (err.error as { error?: { message?: string } } | undefined)?.error?.message;
    return `the model API answered ${err.status ?? "an error"}${detail ? ` (${detail.slice(0, 200)})` : ""}`;
  }
  return "something went wrong on my side";
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
