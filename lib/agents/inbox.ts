import "server-only";
import { type AgentSeat, type AuthenticatedAgent, agentSeats, requireAgentSeat, youOf } from "@/lib/agents/agents";
import type { AgentMessage, PendingResult } from "@/lib/agents/schemas";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { metrics } from "@/lib/platform/metrics";
import type { InputMode, MessageView } from "@/lib/platform/schemas";
import { shutdownSignal } from "@/lib/platform/shutdown";
import { publishRoomEvent, subscribe } from "@/lib/realtime/bus";
import { messageInclude, viewOf } from "@/lib/realtime/message-view";
import { AGENT_ONLINE_SECONDS } from "@/lib/realtime/presence";
import { roomInputMode } from "@/lib/rooms/rooms";

/**
 * What an agent has to answer, and how it waits for it.
 * Handing messages out leases them (AGENT_LEASE_SECONDS); an expired lease makes them pending again,
 * an acknowledgement (ack or reply) moves the cursor past them for good.
 */

const PAGE = 50;
const TYPING_HOLD_MS = 4000;
const MAX_WAIT_SECONDS = 25;

/**
 * The pending rule, the one place it is written: a text message after the agent's cursor (which starts where
 * the room stood when the agent joined, so what came before is only context), not its own, not redacted,
 * not a draft still being written, not a notice, that @mentions the agent or (when its reply rule is "all")
 * comes from a person; and any message someone asked it to answer again (AgentRedo), whatever its cursor.
 * A set of rows (id, seq, redo) for the agent's seat p, to join LATERAL.
 * Aliases: m the message, s its sender's seat, p the agent's seat, r a request to answer again.
 */
const readable = Prisma.sql`m."roomId" = p."roomId" AND m.kind = 'TEXT' AND m."redactedAt" IS NULL AND NOT m.draft
  AND NOT m.notice AND m."senderId" <> p.id`;
const redone = Prisma.sql`EXISTS (SELECT 1 FROM "AgentRedo" r WHERE r."participantId" = p.id AND r.seq = m.seq)`;
const pendingSet = Prisma.sql`(
  SELECT m.id, m.seq, false AS redo FROM "Message" m JOIN "Participant" s ON s.id = m."senderId"
  WHERE m.seq > p."lastReadSeq" AND ${readable}
    AND (p.id = ANY(m.mentions) OR (s."userId" IS NOT NULL AND p."replyRule" = 'ALL')) AND NOT ${redone}
  UNION ALL
  SELECT m.id, m.seq, true FROM "AgentRedo" r JOIN "Message" m ON m."roomId" = p."roomId" AND m.seq = r.seq
  WHERE r."participantId" = p.id AND ${readable})`;

const unleased = Prisma.sql`NOT EXISTS (SELECT 1 FROM "AgentLease" l
  WHERE l."participantId" = p.id AND l.seq = m.seq AND l."expiresAt" > now())`;

/** A message to hand out; `redoOf`: someone asked the agent to answer it again instead of this reply of its. */
type Pending = MessageView & { redoOf: number | null };

/**
 * The seat's pending messages not leased right now (requests to answer again first), and when its earliest
 * unexpired lease runs out.
 */
async function findPending(seat: AgentSeat): Promise<{ pending: Pending[]; nextExpiry: Date | null }> {
  const [row] = await db.$queryRaw<{ ids: string[]; redos: Record<string, number> | null; next_expiry: Date | null }[]>`
    SELECT
      ARRAY(SELECT m.id FROM ${pendingSet} m WHERE ${unleased} ORDER BY m.redo DESC, m.seq LIMIT ${PAGE}) AS ids,
      (SELECT json_object_agg(m.id, r."replySeq") FROM "AgentRedo" r
        JOIN "Message" m ON m."roomId" = p."roomId" AND m.seq = r.seq WHERE r."participantId" = p.id) AS redos,
      (SELECT min(l."expiresAt") FROM "AgentLease" l
        WHERE l."participantId" = p.id AND l."expiresAt" > now()
          AND (l.seq > p."lastReadSeq" OR EXISTS (SELECT 1 FROM "AgentRedo" r WHERE r."participantId" = p.id AND r.seq = l.seq))
      ) AS next_expiry
    FROM "Participant" p JOIN "Agent" a ON a.id = p."agentId"
    WHERE p.id = ${seat.participantId}`;
  if (!row || row.ids.length === 0) return { pending: [], nextExpiry: row?.next_expiry ?? null };
  const rows = await db.message.findMany({ where: { id: { in: row.ids } }, include: messageInclude });
  const pending = rows.map((m) => ({ ...viewOf(m), redoOf: row.redos?.[m.id] ?? null }));
  const redo = (m: Pending) => (m.redoOf === null ? 0 : 1);
  pending.sort((a, b) => redo(b) - redo(a) || a.seq - b.seq);
  return { pending, nextExpiry: row.next_expiry };
}

export async function pendingCount(seat: AgentSeat): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "Participant" p JOIN "Agent" a ON a.id = p."agentId" CROSS JOIN LATERAL ${pendingSet} m
    WHERE p.id = ${seat.participantId} AND ${unleased}`;
  return Number(row?.n ?? 0);
}

/** Whether any of these seats has a message to hand out now (pending, not leased): one cheap query. */
export async function anyPending(participantIds: string[]): Promise<boolean> {
  const [row] = await db.$queryRaw<{ due: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "Participant" p JOIN "Agent" a ON a.id = p."agentId" CROSS JOIN LATERAL ${pendingSet} m
      WHERE p.id = ANY(${participantIds}) AND p."leftAt" IS NULL AND ${unleased}) AS due`;
  return row?.due ?? false;
}

/**
 * Per room, the messages its agents have not acknowledged yet (handed out or not): what they still have
 * to answer, for all the rooms' agents at once.
 */
export async function queueDepths(roomIds: string[]): Promise<Record<string, number>> {
  if (roomIds.length === 0) return {};
  const rows = await db.$queryRaw<{ roomId: string; pending: bigint }[]>`
    SELECT p."roomId", count(m.id) AS pending
    FROM "Participant" p JOIN "Agent" a ON a.id = p."agentId" CROSS JOIN LATERAL ${pendingSet} m
    WHERE p."roomId" = ANY(${roomIds}) AND p."leftAt" IS NULL
    GROUP BY p."roomId"`;
  const depths: Record<string, number> = Object.fromEntries(roomIds.map((id) => [id, 0]));
  for (const row of rows) depths[row.roomId] = Number(row.pending);
  return depths;
}

/**
 * Leases the given messages for the wait of generation `generation`. Nothing is leased when a newer
 * wait (or a cancellation) has bumped the seat's generation since, and a message whose lease is held by a
 * concurrent call is skipped, so the same unexpired lease is never handed out twice.
 */
async function claim(
  seat: AgentSeat,
  generation: number,
  seqs: number[],
): Promise<{ seqs: Set<number>; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + env.AGENT_LEASE_SECONDS * 1000);
  const rows = await db.$queryRaw<{ seq: number }[]>`
    INSERT INTO "AgentLease" ("participantId", seq, "expiresAt")
    SELECT p.id, s, ${expiresAt} FROM unnest(${seqs}::int[]) AS s, "Participant" p
    -- The cursor read when the wait began may be stale: never lease what was acknowledged meanwhile.
    WHERE p.id = ${seat.participantId} AND p."waitGeneration" = ${generation}
      AND (s > p."lastReadSeq" OR EXISTS (SELECT 1 FROM "AgentRedo" r WHERE r."participantId" = p.id AND r.seq = s))
    ON CONFLICT ("participantId", seq) DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt"
      WHERE "AgentLease"."expiresAt" <= now()
    RETURNING seq`;
  return { seqs: new Set(rows.map((r) => r.seq)), expiresAt };
}

/** Gives back leases a wait took but could not hand over (its client went away meanwhile). */
async function release(seat: AgentSeat, seqs: number[]): Promise<void> {
  await db.agentLease.deleteMany({ where: { participantId: seat.participantId, seq: { in: seqs } } });
}

/** The agent's lease on what is left after `dropLeases` ran, for "working on a reply". */
const latestLease = (seat: AgentSeat) =>
  db.agentLease.aggregate({
    where: { participantId: seat.participantId, expiresAt: { gt: new Date() } },
    _max: { expiresAt: true },
  });

/**
 * Moves the agent's cursor to `upToSeq` (never back, never past the room's last message, so a wrong
 * number cannot make the agent deaf to what comes next) and drops the leases and the requests to answer
 * again it covers.
 */
export async function acknowledge(seat: AgentSeat, upToSeq: number): Promise<{ cursor: number }> {
  const [rows, dropped, , remaining] = await db.$transaction([
    db.$queryRaw<{ cursor: number }[]>`
      UPDATE "Participant" p SET "lastReadSeq" = GREATEST(p."lastReadSeq", LEAST(${upToSeq}::int, r."lastSeq"))
      FROM "Room" r WHERE p.id = ${seat.participantId} AND r.id = p."roomId"
      RETURNING p."lastReadSeq" AS cursor`,
    db.agentLease.deleteMany({ where: { participantId: seat.participantId, seq: { lte: upToSeq } } }),
    db.agentRedo.deleteMany({ where: { participantId: seat.participantId, seq: { lte: upToSeq } } }),
    latestLease(seat),
  ]);
  if (dropped.count > 0) announceWorking(seat, remaining._max.expiresAt);
  return { cursor: rows[0]?.cursor ?? seat.cursor };
}

/**
 * The agent hands messages back unanswered (a hosted agent whose answer failed): they are pending again at
 * once, and the room stops showing it at work on them.
 */
export async function handBack(seat: AgentSeat, seqs: number[]): Promise<void> {
  const [dropped, remaining] = await db.$transaction([
    db.agentLease.deleteMany({ where: { participantId: seat.participantId, seq: { in: seqs } } }),
    latestLease(seat),
  ]);
  if (dropped.count > 0) announceWorking(seat, remaining._max.expiresAt);
}

/** The agent's earlier reply that someone asked it to answer `seq` instead of, if they did. */
export async function redoOf(seat: AgentSeat, seq: number): Promise<number | null> {
  const redo = await db.agentRedo.findUnique({
    where: { participantId_seq: { participantId: seat.participantId, seq } },
    select: { replySeq: true },
  });
  return redo?.replySeq ?? null;
}

/** "Claude is working on a reply…" on the room's stream: from handout until reply, ack or lease expiry. */
function announceWorking(seat: AgentSeat, until: Date | null): void {
  publishRoomEvent(seat.roomId, {
    type: "agent_working",
    participantId: seat.participantId,
    name: seat.sender.name,
    until: until?.toISOString() ?? null,
  });
}

export function quietWindowMs(mode: InputMode): number {
  return mode === "single" ? env.AGENT_QUIET_SINGLE_MS : env.AGENT_QUIET_MULTI_MS;
}

/**
 * Context for answering: the room's last messages before the ones handed out (never repeating them) and
 * the agent's own last text message (a system notice about it is not something it said).
 */
async function roomContext(seat: AgentSeat, handedOut: AgentMessage[]) {
  const excluded = handedOut.map((m) => m.seq);
  const [room, recent, own] = await Promise.all([
    db.room.findUniqueOrThrow({ where: { id: seat.roomId }, select: { name: true } }),
    db.message.findMany({
      where: {
        roomId: seat.roomId,
        redactedAt: null,
        draft: false,
        notice: false,
        seq: { notIn: excluded, lt: Math.max(...excluded) },
      },
      orderBy: { seq: "desc" },
      take: env.AGENT_CONTEXT_MESSAGES,
      include: messageInclude,
    }),
    db.message.findFirst({
      where: {
        roomId: seat.roomId,
        senderId: seat.participantId,
        kind: "TEXT",
        redactedAt: null,
        draft: false,
        notice: false,
      },
      orderBy: { seq: "desc" },
      include: messageInclude,
    }),
  ]);
  return {
    room_id: seat.roomId,
    room_name: room.name,
    reply_rule: seat.replyRule,
    recent_messages: recent.reverse().map((m) => toAgentMessage(viewOf(m))),
    your_last_message: own ? toAgentMessage(viewOf(own)) : null,
  };
}

export function toAgentMessage(m: MessageView): AgentMessage {
  return {
    id: m.id,
    room_id: m.roomId,
    seq: m.seq,
    kind: m.kind,
    sender: m.sender,
    body: m.body,
    reply_to_seq: m.replyToSeq,
    created_at: m.createdAt,
    edited_at: m.editedAt,
    mentions: m.mentions,
    attachments: m.attachments.map(({ id, name, type, size }) => ({ id, name, type, size })),
    thread_root_seq: m.threadRootSeq,
  };
}

// People typing in a room, as this process heard it on the bus: an agent holds off while they type.
const typingUntil = new Map<string, number>();

const CALL_AGAIN = "Nothing new yet: call get_pending_messages again now (the call itself waits for messages).";
const PROCESS =
  "Answer with send_message (reply_to_seq = the seq you answer), or call ack_messages for messages you leave unanswered; then call get_pending_messages again.";

/**
 * Starts a wait on these seats: it supersedes every earlier wait on them (they can no longer claim) and
 * marks the agent as seen. Returns each seat's generation, which its claims must still match.
 */
export async function beginWait(seats: AgentSeat[], requestId: string | undefined): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ id: string; generation: number; was_online: boolean }[]>`
    UPDATE "Participant" p SET "waitGeneration" = p."waitGeneration" + 1, "waitRequestId" = ${requestId ?? null},
      "lastSeenAt" = now(), "offlineAt" = NULL
    FROM (SELECT id, "offlineAt" IS NULL AND "lastSeenAt" > now() - ${AGENT_ONLINE_SECONDS} * interval '1 second' AS was_online
          FROM "Participant" WHERE id = ANY(${seats.map((s) => s.participantId)}) FOR UPDATE) old
    WHERE p.id = old.id
    RETURNING p.id, p."waitGeneration" AS generation, coalesce(old.was_online, false) AS was_online`;
  for (const row of rows) {
    const seat = seats.find((s) => s.participantId === row.id);
    if (seat && !row.was_online)
      publishRoomEvent(seat.roomId, { type: "presence", participantId: seat.participantId, online: true });
  }
  return new Map(rows.map((r) => [r.id, r.generation]));
}

/**
 * notifications/cancelled for a wait: that wait may no longer claim anything, on whichever instance it runs.
 * Returns whether a wait of this agent carried that request id.
 */
export async function cancelWait(agent: AuthenticatedAgent, requestId: string): Promise<boolean> {
  const { count } = await db.participant.updateMany({
    where: { agentId: agent.id, waitRequestId: requestId },
    data: { waitGeneration: { increment: 1 }, waitRequestId: null },
  });
  return count > 0;
}

export const seatsOf = async (agent: AuthenticatedAgent, roomId?: string) =>
  roomId ? [await requireAgentSeat(agent, roomId)] : agentSeats(agent);

/** What a wait returns when nothing came: an instruction the model can follow now. */
export const emptyResult = (agent: AuthenticatedAgent): PendingResult => ({
  you: youOf(agent),
  messages: [],
  count: 0,
  context: [],
  next_poll_instruction: { action: "poll_again", message: CALL_AGAIN },
});

export type HandOut =
  | { kind: "messages"; result: PendingResult }
  /** A newer wait or a cancellation took a seat over: this wait is no longer the agent's. */
  | { kind: "superseded" }
  /** Nothing ready: look again when people stop typing (holdUntil) or a lease runs out (leaseExpiry). */
  | { kind: "nothing"; holdUntil: number; leaseExpiry: number };

/**
 * One look at a wait's seats: hands out the first room's ready messages, leased under the wait's
 * generation, with context. Messages are ready once the room has been quiet for its input mode's window.
 * `gone`: the caller went away, so nothing may be handed out (a lease taken meanwhile is given back).
 */
export async function handOut({
  agent,
  seats,
  generations,
  gone = () => false,
}: {
  agent: AuthenticatedAgent;
  seats: AgentSeat[];
  generations: Map<string, number>;
  gone?: () => boolean;
}): Promise<HandOut> {
  let holdUntil = Number.POSITIVE_INFINITY;
  let leaseExpiry = Number.POSITIVE_INFINITY;
  for (const seat of seats) {
    const found = await findPending(seat);
    if (found.nextExpiry) leaseExpiry = Math.min(leaseExpiry, found.nextExpiry.getTime());
    if (found.pending.length === 0 || gone()) continue;
    // A request to answer again goes alone, so that the reply answers that question.
    const pending = found.pending[0].redoOf !== null ? found.pending.slice(0, 1) : found.pending;
    const newest = Date.parse(pending[pending.length - 1].createdAt);
    const readyAt = Math.max(
      newest + quietWindowMs(await roomInputMode(seat.roomId)),
      typingUntil.get(seat.roomId) ?? 0,
    );
    if (readyAt > Date.now()) {
      holdUntil = Math.min(holdUntil, readyAt);
      continue;
    }
    const claimed = await claim(
      seat,
      generations.get(seat.participantId) ?? -1,
      pending.map((m) => m.seq),
    );
    if (claimed.seqs.size === 0) {
      if (await superseded(seat, generations)) return { kind: "superseded" };
      continue;
    }
    if (gone()) {
      await release(seat, [...claimed.seqs]);
      return { kind: "superseded" };
    }
    announceWorking(seat, claimed.expiresAt);
    const messages = pending
      .filter((m) => claimed.seqs.has(m.seq))
      .map((m) => ({
        ...toAgentMessage(m),
        ...(m.redoOf !== null && { answer_again: { earlier_reply_seq: m.redoOf } }),
      }));
    const result: PendingResult = {
      you: youOf(agent),
      messages,
      count: messages.length,
      context: [await roomContext(seat, messages)],
      next_poll_instruction: { action: "process_messages", message: PROCESS },
    };
    return { kind: "messages", result };
  }
  return { kind: "nothing", holdUntil, leaseExpiry };
}

/**
 * get_pending_messages: returns at once when messages are ready; otherwise holds the call until a
 * message arrives (woken by the event bus), a lease runs out, or `waitSeconds` pass. Messages are ready
 * once the room has been quiet for its input mode's window, so an agent answers a whole thought rather
 * than its first line. A wait whose client is gone (`signal`), that was cancelled or that a newer wait
 * superseded returns without claiming anything.
 */
export async function waitForMessages({
  agent,
  roomId,
  waitSeconds = 20,
  signal,
  requestId,
}: {
  agent: AuthenticatedAgent;
  roomId?: string;
  waitSeconds?: number;
  signal?: AbortSignal;
  requestId?: string;
}): Promise<PendingResult> {
  const started = Date.now();
  // A wait for people to finish typing may run past the asked-for time, up to the call's hard limit.
  const deadline = started + Math.min(waitSeconds, MAX_WAIT_SECONDS) * 1000;
  const hardDeadline = started + MAX_WAIT_SECONDS * 1000;
  const seats = await seatsOf(agent, roomId);

  let wake: () => void = () => {};
  const unsubscribes = await Promise.all(
    seats.map((seat) =>
      subscribe(seat.roomId, (event) => {
        if (event.type === "typing") {
          if (event.typing) typingUntil.set(seat.roomId, Date.now() + TYPING_HOLD_MS);
          else typingUntil.delete(seat.roomId);
        }
        // A final edit can make a message pending (a finished draft, an @mention added), and so can "Answer again".
        const finalEdit = event.type === "message_changed" && event.change === "edited" && !event.message.draft;
        if (event.type === "message" || event.type === "typing" || event.type === "answer_again" || finalEdit) wake();
      }),
    ),
  );
  const onAbort = () => wake();
  signal?.addEventListener("abort", onAbort);
  // A shutting-down server hands the wait back at once: the agent polls again (another instance).
  shutdownSignal.addEventListener("abort", onAbort);
  metrics.agentsWaiting.inc();
  const gone = () => signal?.aborted || shutdownSignal.aborted;

  try {
    const generations = await beginWait(seats, requestId);
    for (;;) {
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const look = await handOut({ agent, seats, generations, gone });
      if (look.kind === "messages") return look.result;
      if (look.kind === "superseded") return emptyResult(agent);
      // People still typing keep the call open past the asked-for time, as far as its hard limit allows,
      // rather than telling the agent to come back later.
      const endAt = look.holdUntil <= hardDeadline ? Math.max(deadline, look.holdUntil) : deadline;
      const now = Date.now();
      if (now >= endAt || gone()) return emptyResult(agent);
      await Promise.race([woken, sleep(Math.min(endAt, look.holdUntil, look.leaseExpiry) - now)]);
    }
  } finally {
    for (const unsubscribe of unsubscribes) unsubscribe();
    signal?.removeEventListener("abort", onAbort);
    shutdownSignal.removeEventListener("abort", onAbort);
    metrics.agentsWaiting.dec();
    void db.participant
      .updateMany({ where: { id: { in: seats.map((s) => s.participantId) } }, data: { lastSeenAt: new Date() } })
      .catch(() => {});
  }
}

async function superseded(seat: AgentSeat, generations: Map<string, number>): Promise<boolean> {
  const row = await db.participant.findUnique({ where: { id: seat.participantId }, select: { waitGeneration: true } });
  return row?.waitGeneration !== generations.get(seat.participantId);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
