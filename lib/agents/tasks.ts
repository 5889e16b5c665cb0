import "server-only";
import { randomUUID } from "node:crypto";
import type { AuthenticatedAgent } from "@/lib/agents/agents";
import { anyPending, beginWait, emptyResult, handOut, seatsOf } from "@/lib/agents/inbox";
import { type PendingResult, pendingOutput } from "@/lib/agents/schemas";
import type { AgentWaitTask } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * get_pending_messages as an MCP task (the Tasks extension of the 2026-07-28 revision): the call returns a
 * task at once, and the task completes when the agent has messages. Nothing runs in the background: each
 * tasks/get takes one look (the same hand-out as the long-poll), so any instance can answer it and a task
 * outlives a restart. Leasing happens when the task completes; a client that never fetches the result gets
 * the messages again after the lease.
 */

/**
 * How often clients should poll: a post is seen within about this long. Each poll costs a request, so this
 * is the trade between wake-up time and the load of idle agents (both measured by `npm run bench`).
 */
export const TASK_POLL_INTERVAL_MS = 500;
/** After this, a task that saw nothing completes empty ("call again"): no task lives forever. */
export const TASK_TTL_MS = 30 * 60_000;
// Finished tasks are kept this long for late tasks/get calls, then dropped when the agent starts another.
const KEEP_FINISHED_MS = 60 * 60_000;

/** A task as the Tasks extension describes it (DetailedTask): its result once completed. */
export type TaskView = {
  taskId: string;
  status: "working" | "completed" | "cancelled";
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  ttlMs: number;
  pollIntervalMs: number;
  result?: PendingResult;
};

const STATUS = { WORKING: "working", COMPLETED: "completed", CANCELLED: "cancelled" } as const;

function viewOf(task: AgentWaitTask): TaskView {
  return {
    taskId: task.id,
    status: STATUS[task.status],
    ...(task.statusMessage && { statusMessage: task.statusMessage }),
    createdAt: task.createdAt.toISOString(),
    lastUpdatedAt: task.updatedAt.toISOString(),
    ttlMs: TASK_TTL_MS,
    pollIntervalMs: TASK_POLL_INTERVAL_MS,
    ...(task.result !== null && { result: pendingOutput.parse(task.result) }),
  };
}

/** Starts a wait as a task. Like a long-poll, it supersedes the agent's earlier waits on the same rooms. */
export async function startWaitTask(agent: AuthenticatedAgent, roomId?: string): Promise<TaskView> {
  const seats = await seatsOf(agent, roomId);
  const generations = await beginWait(seats, undefined);
  const now = Date.now();
  const [, task] = await db.$transaction([
    db.agentWaitTask.deleteMany({ where: { agentId: agent.id, expiresAt: { lt: new Date(now - KEEP_FINISHED_MS) } } }),
    db.agentWaitTask.create({
      data: {
        id: randomUUID(),
        agentId: agent.id,
        roomId,
        generations: Object.fromEntries(generations),
        statusMessage: "Waiting for messages",
        expiresAt: new Date(now + TASK_TTL_MS),
      },
    }),
  ]);
  return viewOf(task);
}

/** tasks/get: the task as it stands, after one look for messages if it is still working. */
export async function getWaitTask(agent: AuthenticatedAgent, taskId: string): Promise<TaskView> {
  const task = await findTask(agent, taskId);
  if (task.status !== "WORKING") return viewOf(task);
  // Most polls find nothing: one query says so, before the seats and messages are loaded.
  const generations = new Map(Object.entries(task.generations as Record<string, number>));
  if (task.expiresAt.getTime() > Date.now() && !(await anyPending([...generations.keys()]))) return viewOf(task);
  const seats = (await seatsOf(agent, task.roomId ?? undefined)).filter((seat) => generations.has(seat.participantId));
  let look = await handOut({ agent, seats, generations });
  // Messages that become ready before the next poll (the room's quiet window is ending) are handed out
  // now, in this answer, rather than one poll interval later.
  if (look.kind === "nothing" && look.holdUntil - Date.now() <= TASK_POLL_INTERVAL_MS) {
    await sleep(look.holdUntil - Date.now());
    look = await handOut({ agent, seats, generations });
  }
  if (look.kind === "messages")
    return finish(task, {
      status: "COMPLETED",
      result: look.result,
      statusMessage: `${look.result.count} new message(s)`,
    });
  if (look.kind === "superseded")
    return finish(task, { status: "CANCELLED", statusMessage: "A newer wait of this agent replaced this one" });
  if (task.expiresAt.getTime() <= Date.now()) {
    return finish(task, { status: "COMPLETED", result: emptyResult(agent), statusMessage: "Nothing came: wait again" });
  }
  return viewOf(task);
}

/** tasks/cancel: the task ends without claiming anything (a finished task stays as it was). */
export async function cancelWaitTask(agent: AuthenticatedAgent, taskId: string): Promise<void> {
  const task = await findTask(agent, taskId);
  if (task.status === "WORKING") await finish(task, { status: "CANCELLED", statusMessage: "Cancelled by the client" });
}

async function findTask(agent: AuthenticatedAgent, taskId: string): Promise<AgentWaitTask> {
  // Another agent's task is as unknown as one that never existed.
  const task = await db.agentWaitTask.findFirst({ where: { id: taskId, agentId: agent.id } });
  if (!task) throw new AppError("not_found", `No task ${taskId} for this agent`);
  return task;
}

/** Moves a working task to its end state once; a concurrent look that finished it first wins. */
async function finish(
  task: AgentWaitTask,
  end: { status: "COMPLETED" | "CANCELLED"; statusMessage: string; result?: PendingResult },
): Promise<TaskView> {
  const [finished] = await db.agentWaitTask.updateManyAndReturn({
    where: { id: task.id, status: "WORKING" },
    data: { status: end.status, statusMessage: end.statusMessage, ...(end.result && { result: end.result }) },
  });
  return viewOf(finished ?? (await db.agentWaitTask.findUniqueOrThrow({ where: { id: task.id } })));
}
