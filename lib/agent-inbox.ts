import "server-only";
import { type AgentSeat, type AuthenticatedAgent, agentSeats, requireAgentSeat } from "@/lib/agents";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { subscribe } from "@/lib/events";
import type { MessageKind, Prisma } from "@/lib/generated/prisma/client";
import { messageInclude, viewOf } from "@/lib/message-view";
import { metrics } from "@/lib/metrics";
import { inputModeOf } from "@/lib/rooms";
import type { InputMode, MessageView } from "@/lib/schemas";
import { shutdownSignal } from "@/lib/shutdown";

/**
 * What an agent has to answer, and how it waits for it.
 * Pending: text messages after the agent's cursor from people, or from other agents that @mention it.
 * Handing messages out leases them (AGENT_LEASE_SECONDS); an expired lease makes them pending again,
 * an acknowledgement (ack or reply) moves the cursor past them for good.
 */

export type AgentMessage = {
  id: string;
  room_id: string;
  seq: number;
  sender: { id: string; name: string; kind: "user" | "agent" };
  body: string;
  created_at: string;
};

export type PollInstruction =
  | { action: "process_messages" }
  | { action: "poll_again"; delay_seconds: number; message: string }
  | { action: "wait_for_more"; delay_seconds: number; message: string };

const PAGE = 50;
const TYPING_HOLD_MS = 4000;
const MAX_WAIT_SECONDS = 25;

function pendingWhere(seat: AgentSeat, agentName: string, leased: number[]): Prisma.MessageWhereInput {
  return {
    roomId: seat.roomId,
    seq: { gt: seat.cursor, ...(leased.length > 0 && { notIn: leased }) },
    kind: "TEXT" satisfies MessageKind,
    redactedAt: null,
    senderId: { not: seat.participantId },
    OR: [{ sender: { userId: { not: null } } }, { body: { contains: `@${agentName}`, mode: "insensitive" } }],
  };
}

async function unexpiredLeases(seat: AgentSeat): Promise<number[]> {
  const rows = await db.agentLease.findMany({
    where: { participantId: seat.participantId, seq: { gt: seat.cursor }, expiresAt: { gt: new Date() } },
    select: { seq: true },
  });
  return rows.map((r) => r.seq);
}

async function findPending(seat: AgentSeat, agentName: string) {
  const rows = await db.message.findMany({
    where: pendingWhere(seat, agentName, await unexpiredLeases(seat)),
    orderBy: { seq: "asc" },
    take: PAGE,
    include: messageInclude,
  });
  return rows.map(viewOf);
}

export async function pendingCount(seat: AgentSeat, agentName: string): Promise<number> {
  return db.message.count({ where: pendingWhere(seat, agentName, await unexpiredLeases(seat)) });
}

/**
 * Leases the given messages. A message whose lease is held (by a concurrent call) is skipped, so the
 * same unexpired lease is never handed out twice.
 */
async function claim(seat: AgentSeat, seqs: number[]): Promise<Set<number>> {
  if (seqs.length === 0) return new Set();
  const expiresAt = new Date(Date.now() + env.AGENT_LEASE_SECONDS * 1000);
  const rows = await db.$queryRaw<{ seq: number }[]>`
    INSERT INTO "AgentLease" ("participantId", seq, "expiresAt")
    SELECT ${seat.participantId}, s, ${expiresAt} FROM unnest(${seqs}::int[]) AS s
    -- The cursor read when the wait began may be stale: never lease what was acknowledged meanwhile.
    WHERE s > (SELECT "lastReadSeq" FROM "Participant" WHERE id = ${seat.participantId})
    ON CONFLICT ("participantId", seq) DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt"
      WHERE "AgentLease"."expiresAt" <= now()
    RETURNING seq`;
  return new Set(rows.map((r) => r.seq));
}

/**
 * Moves the agent's cursor to `upToSeq` (never back, never past the room's last message, so a wrong
 * number cannot make the agent deaf to what comes next) and drops the leases it covers.
 */
export async function acknowledge(seat: AgentSeat, upToSeq: number): Promise<{ cursor: number }> {
  const [rows] = await db.$transaction([
    db.$queryRaw<{ cursor: number }[]>`
      UPDATE "Participant" p SET "lastReadSeq" = GREATEST(p."lastReadSeq", LEAST(${upToSeq}::int, r."lastSeq"))
      FROM "Room" r WHERE p.id = ${seat.participantId} AND r.id = p."roomId"
      RETURNING p."lastReadSeq" AS cursor`,
    db.agentLease.deleteMany({ where: { participantId: seat.participantId, seq: { lte: upToSeq } } }),
  ]);
  return { cursor: rows[0]?.cursor ?? seat.cursor };
}

async function roomMode(roomId: string): Promise<InputMode> {
  // Only who is a person and who an agent counts: one query, without the names listParticipants loads.
  const seats = await db.participant.findMany({ where: { roomId, leftAt: null }, select: { agentId: true } });
  return inputModeOf(seats.map((seat) => ({ kind: seat.agentId ? "agent" : "user" })));
}

export function quietWindowMs(mode: InputMode): number {
  return mode === "single" ? env.AGENT_QUIET_SINGLE_MS : env.AGENT_QUIET_MULTI_MS;
}

/** Context for answering: the last N messages from people and the agent's own last message. */
export async function roomContext(seat: AgentSeat) {
  const [people, own] = await Promise.all([
    db.message.findMany({
      where: { roomId: seat.roomId, kind: "TEXT", redactedAt: null, sender: { userId: { not: null } } },
      orderBy: { seq: "desc" },
      take: env.AGENT_CONTEXT_MESSAGES,
      include: messageInclude,
    }),
    db.message.findFirst({
      where: { roomId: seat.roomId, senderId: seat.participantId },
      orderBy: { seq: "desc" },
      include: messageInclude,
    }),
  ]);
  return {
    room_id: seat.roomId,
    recent_messages: people.reverse().map((m) => toAgentMessage(viewOf(m))),
    your_last_message: own ? toAgentMessage(viewOf(own)) : null,
  };
}

export function toAgentMessage(m: MessageView): AgentMessage {
  return { id: m.id, room_id: m.roomId, seq: m.seq, sender: m.sender, body: m.body, created_at: m.createdAt };
}

// People typing in a room, as this process heard it on the bus: an agent holds off while they type.
const typingUntil = new Map<string, number>();

function idleDelaySeconds(lastActivity: Date | null): number {
  const idleMs = lastActivity ? Date.now() - lastActivity.getTime() : Number.POSITIVE_INFINITY;
  if (idleMs < 60_000) return 1;
  if (idleMs < 10 * 60_000) return 5;
  return 15;
}

/**
 * get_pending_messages: returns at once when messages are ready; otherwise holds the call until a
 * message arrives (woken by the event bus) or `waitSeconds` pass. Messages are ready once the room has
 * been quiet for its input mode's window, so an agent answers a whole thought rather than its first line.
 */
export async function waitForMessages({
  agent,
  roomId,
  waitSeconds = 20,
  signal,
}: {
  agent: AuthenticatedAgent;
  roomId?: string;
  waitSeconds?: number;
  signal?: AbortSignal;
}) {
  const started = Date.now();
  const deadline = started + Math.min(waitSeconds, MAX_WAIT_SECONDS) * 1000;
  const seats = roomId ? [await requireAgentSeat(agent, roomId)] : await agentSeats(agent);
  let wake: () => void = () => {};
  const unsubscribes = await Promise.all(
    seats.map((seat) =>
      subscribe(seat.roomId, (event) => {
        if (event.type === "typing") {
          if (event.typing) typingUntil.set(seat.roomId, Date.now() + TYPING_HOLD_MS);
          else typingUntil.delete(seat.roomId);
        }
        if (event.type === "message" || event.type === "typing") wake();
      }),
    ),
  );
  signal?.addEventListener("abort", () => wake());
  // A shutting-down server hands the wait back at once: the agent polls again (another instance).
  const onShutdown = () => wake();
  shutdownSignal.addEventListener("abort", onShutdown);
  metrics.agentsWaiting.inc();

  try {
    await db.participant.updateMany({
      where: { id: { in: seats.map((s) => s.participantId) } },
      data: { lastSeenAt: new Date() },
    });
    for (;;) {
      const woken = new Promise<void>((resolve) => (wake = resolve));
      let holdUntil = 0;
      for (const seat of seats) {
        const pending = await findPending(seat, agent.name);
        if (pending.length === 0) continue;
        const newest = Date.parse(pending[pending.length - 1].createdAt);
        const readyAt = Math.max(
          newest + quietWindowMs(await roomMode(seat.roomId)),
          typingUntil.get(seat.roomId) ?? 0,
        );
        if (readyAt > Date.now()) {
          holdUntil = holdUntil ? Math.min(holdUntil, readyAt) : readyAt;
          continue;
        }
        const claimed = await claim(
          seat,
          pending.map((m) => m.seq),
        );
        const messages = pending.filter((m) => claimed.has(m.seq)).map(toAgentMessage);
        if (messages.length === 0) continue;
        return {
          messages,
          count: messages.length,
          context: [await roomContext(seat)],
          next_poll_instruction: { action: "process_messages" } as PollInstruction,
        };
      }
      const now = Date.now();
      if (now >= deadline || signal?.aborted || shutdownSignal.aborted) {
        if (holdUntil) {
          return empty({
            action: "wait_for_more",
            delay_seconds: Math.max(0.1, Math.round((holdUntil - now) / 100) / 10),
            message: "People are still typing: call get_pending_messages again after the delay.",
          });
        }
        const waitedLong = now - started >= 10_000;
        const lastActivity = await db.room.aggregate({
          where: { id: { in: seats.map((s) => s.roomId) } },
          _max: { lastActivityAt: true },
        });
        const delay = waitedLong ? 0 : idleDelaySeconds(lastActivity._max.lastActivityAt);
        return empty({
          action: "poll_again",
          delay_seconds: delay,
          message:
            delay === 0
              ? "Nothing new yet: call get_pending_messages again now."
              : `Nothing new: call get_pending_messages again in ${delay} s.`,
        });
      }
      const nextCheck = Math.min(deadline, holdUntil || deadline);
      await Promise.race([woken, sleep(nextCheck - now)]);
    }
  } finally {
    for (const unsubscribe of unsubscribes) unsubscribe();
    shutdownSignal.removeEventListener("abort", onShutdown);
    metrics.agentsWaiting.dec();
  }
}

function empty(instruction: PollInstruction) {
  return { messages: [] as AgentMessage[], count: 0, context: [], next_poll_instruction: instruction };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Per room, the messages its agents have not acknowledged yet (handed out or not): what they still have
 * to answer. Counted with the same rules as pending messages, for all the rooms' agents at once.
 */
export async function queueDepths(roomIds: string[]): Promise<Record<string, number>> {
  if (roomIds.length === 0) return {};
  const rows = await db.$queryRaw<{ roomId: string; pending: bigint }[]>`
    SELECT p."roomId", count(m.id) AS pending
    FROM "Participant" p
    JOIN "Agent" a ON a.id = p."agentId"
    JOIN "Message" m ON m."roomId" = p."roomId" AND m.seq > p."lastReadSeq" AND m.kind = 'TEXT'
      AND m."redactedAt" IS NULL AND m."senderId" <> p.id
    JOIN "Participant" s ON s.id = m."senderId"
    WHERE p."roomId" = ANY(${roomIds}) AND p."agentId" IS NOT NULL AND p."leftAt" IS NULL
      AND (s."userId" IS NOT NULL OR strpos(lower(m.body), lower('@' || a.name)) > 0)
    GROUP BY p."roomId"`;
  const depths: Record<string, number> = Object.fromEntries(roomIds.map((id) => [id, 0]));
  for (const row of rows) depths[row.roomId] = Number(row.pending);
  return depths;
}
