import "server-only";
import { type AgentSeat, type AuthenticatedAgent, agentSeats, requireAgentSeat, youOf } from "@/lib/agents/agents";
import { storeAgentFiles } from "@/lib/agents/files";
import { acknowledge, pendingCount, redoOf, toAgentMessage } from "@/lib/agents/inbox";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { createSendLimiter } from "@/lib/platform/rate-limit";
import { messageInclude, viewOf } from "@/lib/realtime/message-view";
import { discardUnsent } from "@/lib/rooms/attachments";
import type { AgentUsage } from "@/lib/rooms/message-batch";
import { appendMessage, findByClientId } from "@/lib/rooms/messages";
import { inputModeOf, listParticipants } from "@/lib/rooms/rooms";

/** What an agent does and sees in its rooms besides waiting: replies, status, the room list, history. */

// An agent in a loop must not flood a room: the same kind of budget people have, per agent.
const agentSendLimit = createSendLimiter("agent_send_message", env.AGENT_SEND_RATE_PER_MINUTE);

/**
 * send_message: stores the agent's reply and acknowledges what it answers. A reply to a message someone
 * asked it to answer again is marked as another answer to its earlier reply.
 */
export async function sendAgentMessage({
  agent,
  roomId,
  body,
  replyToSeq,
  clientId,
  usage,
  threadRootSeq,
  alsoToRoom,
  files = [],
}: {
  agent: AuthenticatedAgent;
  roomId: string;
  body: string;
  replyToSeq?: number;
  clientId?: string;
  usage?: AgentUsage;
  threadRootSeq?: number;
  alsoToRoom?: boolean;
  /** Files sent inline (base64), stored before the message. */
  files?: { name: string; data: string }[];
}) {
  const seat = await requireAgentSeat(agent, roomId);
  const regeneratesSeq = replyToSeq === undefined ? null : await redoOf(seat, replyToSeq);
  if (!body && files.length === 0)
    throw new AppError("unprocessable", "Send a body, files, or both", { fields: { body: ["Message is empty"] } });
  // A retry does not store its files twice.
  const earlier = files.length > 0 && clientId ? await findByClientId(roomId, seat.participantId, clientId) : null;
  const attachmentIds = earlier
    ? undefined
    : await storeAgentFiles({ agent, roomId, participantId: seat.participantId, files });
  let sent: Awaited<ReturnType<typeof appendMessage>> | undefined;
  try {
    sent = await appendMessage({
      roomId,
      sender: seat.sender,
      body,
      clientId,
      replyToSeq,
      regeneratesSeq: regeneratesSeq ?? undefined,
      usage,
      threadRootSeq,
      alsoToRoom,
      attachmentIds,
      rateLimit: () => agentSendLimit(agent.id, "messages"),
    });
  } finally {
    // Refused (the rate limit, a thread that is not there) or answered by a retry that raced this one: the
    // files stored for it went with no message, and nothing would ever send them.
    if (!sent?.created && attachmentIds?.length) await discardUnsent(attachmentIds);
  }
  const { message, created } = sent;
  const upTo = replyToSeq ?? (await highestLease(seat));
  if (upTo) await acknowledge(seat, Math.min(upTo, message.seq));
  return { message: toAgentMessage(message), created };
}

async function highestLease(seat: AgentSeat): Promise<number | null> {
  const row = await db.agentLease.aggregate({ where: { participantId: seat.participantId }, _max: { seq: true } });
  return row._max.seq;
}

type Participants = Awaited<ReturnType<typeof listParticipants>>;

/** A room as an agent sees it: who is in it (marking the agent itself), its mode and what waits for it. */
async function roomSummary(seat: AgentSeat, participants: Participants) {
  const [room, pending] = await Promise.all([
    db.room.findUniqueOrThrow({
      where: { id: seat.roomId },
      select: { name: true, lastSeq: true, lastActivityAt: true },
    }),
    pendingCount(seat),
  ]);
  return {
    room_id: seat.roomId,
    name: room.name,
    mode: inputModeOf(participants),
    reply_rule: seat.replyRule,
    pending_count: pending,
    participants: participants.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      is_you: p.id === seat.participantId,
      online: p.online,
      reply_rule: p.replyRule,
    })),
    last_activity: room.lastActivityAt.toISOString(),
    last_seq: room.lastSeq,
  };
}

export async function roomStatus(agent: AuthenticatedAgent, roomId: string) {
  const seat = await requireAgentSeat(agent, roomId);
  const [summary, lastPerson, lastOwn] = await Promise.all([
    listParticipants(roomId).then((participants) => roomSummary(seat, participants)),
    db.message.findFirst({
      where: { roomId, kind: "TEXT", sender: { userId: { not: null } } },
      orderBy: { seq: "desc" },
      select: { createdAt: true },
    }),
    db.message.findFirst({
      where: { roomId, senderId: seat.participantId, kind: "TEXT", draft: false, notice: false },
      orderBy: { seq: "desc" },
      select: { createdAt: true },
    }),
  ]);
  return {
    ...summary,
    your_cursor: seat.cursor,
    last_activity_by: {
      people: lastPerson?.createdAt.toISOString() ?? null,
      you: lastOwn?.createdAt.toISOString() ?? null,
    },
  };
}

export async function listAgentRooms(agent: AuthenticatedAgent) {
  const seats = await agentSeats(agent);
  const rooms = await Promise.all(seats.map(async (seat) => roomSummary(seat, await listParticipants(seat.roomId))));
  return { you: youOf(agent), rooms };
}

export async function agentHistory(
  agent: AuthenticatedAgent,
  roomId: string,
  beforeSeq: number | undefined,
  limit: number,
) {
  await requireAgentSeat(agent, roomId);
  const rows = await db.message.findMany({
    // A draft is not a message yet (agents read replies once they are final), and a notice is not one at all.
    where: { roomId, draft: false, notice: false, ...(beforeSeq !== undefined && { seq: { lt: beforeSeq } }) },
    orderBy: { seq: "desc" },
    take: limit,
    include: messageInclude,
  });
  return { messages: rows.reverse().map((m) => toAgentMessage(viewOf(m))) };
}
