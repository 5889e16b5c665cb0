import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { subscribe } from "@/lib/events";
import type { MessageKind, Prisma } from "@/lib/generated/prisma/client";
import { messageInclude, viewOf } from "@/lib/message-view";
import { type AgentUsage, appendMessage } from "@/lib/messages";
import { inputModeOf, listParticipants } from "@/lib/rooms";
import type { InputMode, MessageView } from "@/lib/schemas";
import { type AgentSeat, type AuthenticatedAgent, agentSeats, requireAgentSeat } from "@/lib/agents";

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
    ON CONFLICT ("participantId", seq) DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt"
      WHERE "AgentLease"."expiresAt" <= now()
    RETURNING seq`;
  return new Set(rows.map((r) => r.seq));
}

/** Moves the agent's cursor to `upToSeq` (never back) and drops the leases it covers. */
export async function acknowledge(seat: AgentSeat, upToSeq: number): Promise<{ cursor: number }> {
  await db.$transaction([
    db.participant.updateMany({ where: { id: seat.participantId, lastReadSeq: { lt: upToSeq } }, data: { lastReadSeq: upToSeq } }),
    db.agentLease.deleteMany({ where: { participantId: seat.participantId, seq: { lte: upToSeq } } }),
  ]);
  const row = await db.participant.findUniqueOrThrow({ where: { id: seat.participantId }, select: { lastReadSeq: true } });
  return { cursor: row.lastReadSeq };
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
    db.message.findFirst({ where: { roomId: seat.roomId, senderId: seat.participantId }, orderBy: { seq: "desc" }, include: messageInclude }),
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
  await db.participant.updateMany({ where: { id: { in: seats.map((s) => s.participantId) } }, data: { lastSeenAt: new Date() } });

  try {
    for (;;) {
      const woken = new Promise<void>((resolve) => (wake = resolve));
      let holdUntil = 0;
      for (const seat of seats) {
        const pending = await findPending(seat, agent.name);
        if (pending.length === 0) continue;
        const newest = Date.parse(pending[pending.length - 1].createdAt);
        const readyAt = Math.max(newest + quietWindowMs(await roomMode(seat.roomId)), typingUntil.get(seat.roomId) ?? 0);
        if (readyAt > Date.now()) {
          holdUntil = holdUntil ? Math.min(holdUntil, readyAt) : readyAt;
          continue;
        }
        const claimed = await claim(seat, pending.map((m) => m.seq));
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
      if (now >= deadline || signal?.aborted) {
        if (holdUntil) {
          return empty({
            action: "wait_for_more",
            delay_seconds: Math.max(0.1, Math.round((holdUntil - now) / 100) / 10),
            message: "People are still typing: call get_pending_messages again after the delay.",
          });
        }
        const waitedLong = now - started >= 10_000;
        const lastActivity = await db.room.aggregate({ where: { id: { in: seats.map((s) => s.roomId) } }, _max: { lastActivityAt: true } });
        const delay = waitedLong ? 0 : idleDelaySeconds(lastActivity._max.lastActivityAt);
        return empty({
          action: "poll_again",
          delay_seconds: delay,
          message: delay === 0 ? "Nothing new yet: call get_pending_messages again now." : `Nothing new: call get_pending_messages again in ${delay} s.`,
        });
      }
      const nextCheck = Math.min(deadline, holdUntil || deadline);
      await Promise.race([woken, sleep(nextCheck - now)]);
    }
  } finally {
    for (const unsubscribe of unsubscribes) unsubscribe();
  }
}

function empty(instruction: PollInstruction) {
  return { messages: [] as AgentMessage[], count: 0, context: [], next_poll_instruction: instruction };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** send_message: stores the agent's reply and acknowledges what it answers. */
export async function sendAgentMessage({
  agent,
  roomId,
  body,
  replyToSeq,
  clientId,
  usage,
}: {
  agent: AuthenticatedAgent;
  roomId: string;
  body: string;
  replyToSeq?: number;
  clientId?: string;
  usage?: AgentUsage;
}) {
  const seat = await requireAgentSeat(agent, roomId);
  const { message, created } = await appendMessage({ roomId, sender: seat.sender, body, clientId, replyToSeq, usage });
  const upTo = replyToSeq ?? (await highestLease(seat));
  if (upTo) await acknowledge(seat, Math.min(upTo, message.seq));
  return { message, created };
}

async function highestLease(seat: AgentSeat): Promise<number | null> {
  const row = await db.agentLease.aggregate({ where: { participantId: seat.participantId }, _max: { seq: true } });
  return row._max.seq;
}

export async function roomStatus(agent: AuthenticatedAgent, roomId: string) {
  const seat = await requireAgentSeat(agent, roomId);
  const participants = await listParticipants(roomId);
  const [room, lastPerson, lastOwn, pending] = await Promise.all([
    db.room.findUniqueOrThrow({ where: { id: roomId }, select: { name: true, lastSeq: true, lastActivityAt: true } }),
    db.message.findFirst({ where: { roomId, kind: "TEXT", sender: { userId: { not: null } } }, orderBy: { seq: "desc" }, select: { createdAt: true } }),
    db.message.findFirst({ where: { roomId, senderId: seat.participantId }, orderBy: { seq: "desc" }, select: { createdAt: true } }),
    pendingCount(seat, agent.name),
  ]);
  return {
    room_id: roomId,
    name: room.name,
    mode: inputModeOf(participants),
    participants: participants.map((p) => ({ id: p.id, name: p.name, kind: p.kind, online: p.online })),
    pending_count: pending,
    last_seq: room.lastSeq,
    your_cursor: seat.cursor,
    last_activity: {
      room: room.lastActivityAt.toISOString(),
      people: lastPerson?.createdAt.toISOString() ?? null,
      you: lastOwn?.createdAt.toISOString() ?? null,
    },
  };
}

export async function listAgentRooms(agent: AuthenticatedAgent) {
  const seats = await agentSeats(agent);
  return Promise.all(
    seats.map(async (seat) => {
      const [room, participants, pending] = await Promise.all([
        db.room.findUniqueOrThrow({ where: { id: seat.roomId }, select: { name: true, lastActivityAt: true } }),
        listParticipants(seat.roomId),
        pendingCount(seat, agent.name),
      ]);
      return {
        room_id: seat.roomId,
        name: room.name,
        mode: inputModeOf(participants),
        pending_count: pending,
        participants: participants.map((p) => ({ id: p.id, name: p.name, kind: p.kind })),
        last_activity: room.lastActivityAt.toISOString(),
      };
    }),
  );
}

export async function agentHistory(agent: AuthenticatedAgent, roomId: string, beforeSeq: number | undefined, limit: number) {
  await requireAgentSeat(agent, roomId);
  const rows = await db.message.findMany({
    where: { roomId, ...(beforeSeq !== undefined && { seq: { lt: beforeSeq } }) },
    orderBy: { seq: "desc" },
    take: limit,
    include: messageInclude,
  });
  return rows.reverse().map((m) => ({ ...toAgentMessage(viewOf(m)), kind: m.kind === "SYSTEM" ? "system" : "text" }));
}
