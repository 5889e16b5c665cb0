import "server-only";
import type { ContentBlockParam } from "@anthropic-ai/sdk/resources/messages";
import { type AgentSeat, type AuthenticatedAgent, requireAgentSeat } from "@/lib/agents/agents";
import { callAgentOperation } from "@/lib/agents/api";
import { readAttachmentForSeat } from "@/lib/agents/files";
import {
  anthropicClient,
  newProgress,
  type ReplyEnding,
  type ReplyProgress,
  streamReply,
} from "@/lib/agents/hosted/claude";
import { draftWriter } from "@/lib/agents/hosted/draft-writer";
import { type ApiFailure, apiFailure } from "@/lib/agents/hosted/failures";
import { systemPromptFor, transcriptFor } from "@/lib/agents/hosted/prompt";
import { roomTools, runRoomTool } from "@/lib/agents/hosted/room-tools";
import { apiKeyOf, tokensToday } from "@/lib/agents/hosted/settings";
import { tokens } from "@/lib/agents/hosted/settings-view";
import { recordFailure, recordSuccess } from "@/lib/agents/hosted/status";
import { handBack } from "@/lib/agents/inbox";
import type { AgentMessage, PendingResult } from "@/lib/agents/schemas";
import type { HostedAgent } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { log } from "@/lib/platform/log";
import { cutOff, finishDraft, reopenNotice, startDraft } from "@/lib/rooms/drafts";
import { appendMessage } from "@/lib/rooms/messages";

/**
 * A hosted agent answers what it was handed in one room: the answer streams into the room as a draft and
 * the messages are acknowledged. Stop ends it with what was written. A failed answer ends as a notice, and
 * the messages are handed back: the loop tries again later, writing into that same notice, so a question
 * shows at most one error; a few failures in a row (or one that will repeat) pause the agent.
 */

export type Outcome = { kind: "answered" } | { kind: "failed"; failures: number; paused: boolean };

const ANSWERED: Outcome = { kind: "answered" };

export async function answer({
  agent,
  pending,
  signal,
}: {
  agent: AuthenticatedAgent;
  pending: PendingResult;
  /** Aborted when this instance stops running the agent. */
  signal: AbortSignal;
}): Promise<Outcome> {
  const messages = pending.messages;
  const roomId = messages[0].room_id;
  const last = messages[messages.length - 1];
  const settings = await db.hostedAgent.findUnique({ where: { agentId: agent.id } });
  if (!settings) return ANSWERED;
  const seat = await requireAgentSeat(agent, roomId);
  const acknowledge = () => callAgentOperation(agent, "ack_messages", { room_id: roomId, up_to_seq: last.seq });

  if (settings.dailyTokenBudget !== null && (await tokensToday(agent.id)).all >= settings.dailyTokenBudget) {
    // Said once per room and day (the client_id makes a repeat a no-op), and every such message is
    // acknowledged, so none comes back when the budget resets.
    const day = new Date().toISOString().slice(0, 10);
    await appendMessage({
      roomId,
      sender: seat.sender,
      body: `I have used today's token budget (${tokens(settings.dailyTokenBudget)}), so I can't answer until tomorrow (UTC). My owner can raise the budget on the Agents page.`,
      replyToSeq: last.seq,
      clientId: `budget-${day}`,
      threadRootSeq: last.thread_root_seq ?? undefined,
      notice: true,
    });
    await acknowledge();
    return ANSWERED;
  }

  // Answering again (a request goes alone): the new reply is marked as another answer to the earlier one.
  const regeneratesSeq = messages[0].answer_again?.earlier_reply_seq;
  const where = { roomId, sender: seat.sender, replyToSeq: last.seq, regeneratesSeq };
  // Asked in a thread: answered in that thread.
  const threadRootSeq = last.thread_root_seq ?? undefined;
  const draft =
    (await reopenNotice({ ...where, questions: messages.map((m) => m.seq) })) ??
    (await startDraft({ ...where, threadRootSeq }));
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal.addEventListener("abort", abort, { once: true });
  const writer = draftWriter(draft, abort);
  const progress = newProgress();
  const started = Date.now();
  const usage = () => ({ ...progress.usage, latencyMs: Date.now() - started, model: settings.model });
  try {
    const reply = await streamAnswer({
      agent,
      settings,
      pending,
      seat,
      progress,
      onText: writer.write,
      signal: stop.signal,
    });
    await writer.close();
    const refused = reply.ending.kind === "refused";
    await finishDraft({ draft, body: bodyOf(progress.text, reply.ending), usage: usage(), notice: refused });
    await acknowledge();
    await recordSuccess(agent.id);
    return ANSWERED;
  } catch (err) {
    await writer.close();
    if (signal.aborted) {
      // This instance is stopping: the reply is cut off and the messages go back to pending.
      await finishDraft({ draft, body: cutOff(progress.text), usage: usage() });
      return ANSWERED;
    }
    if (stop.signal.aborted) {
      // Someone pressed Stop: what was written stays (and what it cost), and the messages count as answered.
      await finishDraft({ draft, body: progress.text || "_(stopped)_", usage: usage() });
      await acknowledge();
      return ANSWERED;
    }
    const failure = apiFailure(err, settings.model);
    log.warn("hosted agent reply failed", { agentId: agent.id, roomId, reason: failure.reason });
    // Handed back first: nothing runs now, so the room stops showing the agent at work before it shows it paused.
    const questions = messages.map((m) => m.seq);
    await handBack(seat, questions);
    const { failures, paused } = await recordFailure(agent.id, failure);
    await finishDraft({ draft, body: failureNotice(failure, paused), usage: usage(), notice: true });
    return { kind: "failed", failures, paused };
  } finally {
    signal.removeEventListener("abort", abort);
  }
}

/** One streamed reply with the agent's settings, key and the room's tools. */
async function streamAnswer({
  agent,
  settings,
  pending,
  seat,
  progress,
  onText,
  signal,
}: {
  agent: AuthenticatedAgent;
  settings: HostedAgent;
  pending: PendingResult;
  seat: AgentSeat;
  progress: ReplyProgress;
  onText: (text: string) => void;
  signal: AbortSignal;
}) {
  const apiKey = apiKeyOf(settings);
  if (!apiKey)
    throw new AppError("unprocessable", "no API key is set for me (my owner can add one on the Agents page)");
  const roomId = seat.roomId;
  const context = pending.context.find((c) => c.room_id === roomId);
  const transcript = transcriptFor(pending.messages, context);
  const files = await filesFor(seat, pending.messages);
  return streamReply({
    client: anthropicClient(apiKey, {
      maxRetries: env.HOSTED_AGENT_MAX_RETRIES,
      timeoutMs: env.HOSTED_AGENT_TIMEOUT_SECONDS * 1000,
    }),
    model: settings.model,
    system: systemPromptFor(settings.systemPrompt, pending.you, context),
    prompt: files.length ? [{ type: "text", text: transcript }, ...files] : transcript,
    tools: roomTools,
    runTool: (name, input) => runRoomTool(agent, roomId, name, input),
    onText,
    signal,
    progress,
  });
}

// A question is often a screenshot or a log: the files of the messages to answer go to the model with them,
// images as image blocks and text as text, within limits that keep one reply's cost in reach.
const PROMPT_FILES_MAX = 5;
const PROMPT_TEXT_MAX_CHARS = 20_000;

async function filesFor(seat: AgentSeat, messages: AgentMessage[]): Promise<ContentBlockParam[]> {
  const files = messages.flatMap((m) => m.attachments.map((a) => ({ seq: m.seq, ...a })));
  // The seat was checked once for the answer: each file is one lookup in its room, all read together.
  const blocks = (await Promise.all(files.slice(0, PROMPT_FILES_MAX).map((file) => fileBlocks(seat, file)))).flat();
  if (files.length > PROMPT_FILES_MAX) {
    blocks.push({ type: "text", text: `(${files.length - PROMPT_FILES_MAX} more files are not shown.)` });
  }
  return blocks;
}

async function fileBlocks(
  seat: AgentSeat,
  file: { seq: number; id: string; name: string },
): Promise<ContentBlockParam[]> {
  const label = `File “${file.name}” of message [${file.seq}]:`;
  // A file deleted since the question was handed out is said to be gone, not a failure of the agent's.
  const content = await readAttachmentForSeat(seat, file.id).then(
    (read) => read.content,
    (err) => {
      if (err instanceof AppError && err.code === "not_found") return { kind: "gone" as const };
      throw err;
    },
  );
  if (content.kind === "gone") return [{ type: "text", text: `${label} (no longer available)` }];
  if (content.kind === "image") {
    const media_type = content.mime_type as "image/png" | "image/jpeg" | "image/gif" | "image/webp";
    return [
      { type: "text", text: label },
      { type: "image", source: { type: "base64", media_type, data: content.data } },
    ];
  }
  if (content.kind === "text") {
    const cut = content.truncated || content.text.length > PROMPT_TEXT_MAX_CHARS;
    return [
      {
        type: "text",
        text: `${label}\n${content.text.slice(0, PROMPT_TEXT_MAX_CHARS)}${cut ? "\n(cut off here)" : ""}`,
      },
    ];
  }
  return [];
}

/** The reply as the room sees it, by how it ended. */
function bodyOf(text: string, ending: ReplyEnding): string {
  switch (ending.kind) {
    case "complete":
      return text || "…";
    case "cut_off":
      return cutOff(
        text,
        ending.why === "length"
          ? "it reached the length limit"
          : "the conversation no longer fits the model's context window",
      );
    case "refused":
      // What was written before the refusal is not shown: the API's classifier stopped it.
      return `⚠️ I can't answer this one${ending.explanation ? `: ${ending.explanation}` : "."}`;
  }
}

const failureNotice = (failure: ApiFailure, paused: boolean) =>
  `⚠️ I couldn't answer: ${failure.reason}. ${
    paused ? "I'm paused until my owner fixes this on the Agents page." : "I'll try again shortly."
  }`;
