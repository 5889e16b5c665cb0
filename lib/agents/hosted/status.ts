import "server-only";
import type { ApiFailure } from "@/lib/agents/hosted/failures";
import { db } from "@/lib/platform/db";
import { publishRoomEvent } from "@/lib/realtime/bus";
import { roomInputMode } from "@/lib/rooms/rooms";

/**
 * Whether a hosted agent is answering or paused, kept in its row so that every instance (and the next one to
 * run its loop) agrees. A failure that will repeat (a refused key, a model that is gone) pauses it at once;
 * others pause it after MAX_FAILURES_IN_A_ROW. It stays paused until its owner saves its settings or resumes it.
 */

export const MAX_FAILURES_IN_A_ROW = 3;

/** Counts a failed answer; returns the failures in a row and whether the agent is paused now. */
export async function recordFailure(
  agentId: string,
  failure: ApiFailure,
): Promise<{ failures: number; paused: boolean }> {
  const [row] = await db.$queryRaw<{ failures: number; paused: boolean }[]>`
    UPDATE "HostedAgent" SET failures = failures + 1, "lastError" = ${failure.reason}, "lastErrorAt" = now(),
      "pausedAt" = CASE WHEN ${failure.lasting} OR failures + 1 >= ${MAX_FAILURES_IN_A_ROW} THEN now() ELSE "pausedAt" END,
      "pauseReason" = CASE WHEN ${failure.lasting} OR failures + 1 >= ${MAX_FAILURES_IN_A_ROW} THEN ${failure.reason}
                           ELSE "pauseReason" END
    WHERE "agentId" = ${agentId}
    RETURNING failures, "pausedAt" IS NOT NULL AS paused`;
  const paused = row?.paused ?? false;
  if (paused) await announceHosting(agentId);
  return { failures: row?.failures ?? 1, paused };
}

/** An answer went through: the count of failures in a row starts over. */
export async function recordSuccess(agentId: string): Promise<void> {
  await db.hostedAgent.updateMany({ where: { agentId, failures: { gt: 0 } }, data: { failures: 0 } });
}

/** The agent's hosting changed (paused, resumed, hosted or not): its rooms re-read their participants. */
export async function announceHosting(agentId: string): Promise<void> {
  const seats = await db.participant.findMany({ where: { agentId, leftAt: null }, select: { roomId: true } });
  for (const { roomId } of seats) publishRoomEvent(roomId, { type: "participants", mode: await roomInputMode(roomId) });
}
