import "server-only";
import type { AuthenticatedAgent } from "@/lib/agents/agents";
import { callAgentOperation } from "@/lib/agents/api";
import { answer } from "@/lib/agents/hosted/answer";
import { db } from "@/lib/platform/db";
import { endOrphanedDrafts } from "@/lib/rooms/drafts";

/**
 * A hosted agent's loop, the one an MCP client would run, through the same agent API: wait for pending
 * messages, answer them (lib/agents/hosted/answer), acknowledge. After a failed answer it waits before
 * trying again (longer after each failure in a row); once the agent is paused the loop ends, and the
 * supervisor starts it again when its owner resumes it.
 */

const FIRST_PAUSE_MS = 2_000;

export async function runHostedAgent(agentId: string, signal: AbortSignal): Promise<void> {
  await endOrphanedDrafts(agentId);
  while (!signal.aborted) {
    const agent = await loadAgent(agentId);
    if (!agent) return;
    const pending = await callAgentOperation(agent, "get_pending_messages", { wait_seconds: 25 }, { signal });
    if (pending.messages.length === 0 || signal.aborted) continue;
    const outcome = await answer({ agent, pending, signal });
    if (outcome.kind === "failed") {
      if (outcome.paused) return;
      await pause(FIRST_PAUSE_MS * 2 ** (outcome.failures - 1), signal);
    }
  }
}

/** The agent, while it is hosted, switched on and not paused. */
async function loadAgent(agentId: string): Promise<AuthenticatedAgent | null> {
  const row = await db.agent.findUnique({
    where: { id: agentId },
    include: { hosted: { select: { enabled: true, pausedAt: true } } },
  });
  return row?.hosted?.enabled && !row.hosted.pausedAt ? { id: row.id, name: row.name, ownerId: row.ownerId } : null;
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
