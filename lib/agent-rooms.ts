import "server-only";
import { acknowledge, pendingCount, toAgentMessage } from "@/lib/agent-inbox";
import { type AgentSeat, type AuthenticatedAgent, agentSeats, requireAgentSeat } from "@/lib/agents";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { messageInclude, viewOf } from "@/lib/message-view";
import { type AgentUsage, appendMessage } from "@/lib/messages";
import { createSendLimiter } from "@/lib/rate-limit";
import { inputModeOf, listParticipants } from "@/lib/rooms";

/** What an agent does and sees in its rooms besides waiting: replies, status, the room list, history. */

// An agent in a loop must not flood a room: the same kind of budget people have, per agent.
const agentSendLimit = createSendLimiter("agent_send_message", env.AGENT_SEND_RATE_PER_MINUTE);

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
  const { message, created } = await appendMessage({
    roomId,
    sender: seat.sender,
    body,
    clientId,
    replyToSeq,
    usage,
    rateLimit: () => agentSendLimit(agent.id, "messages"),
  });
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
    db.message.findFirst({
      where: { roomId, kind: "TEXT", sender: { userId: { not: null } } },
      orderBy: { seq: "desc" },
      select: { createdAt: true },
    }),
    db.message.findFirst({
      where: { roomId, senderId: seat.participantId },
      orderBy: { seq: "desc" },
      select: { createdAt: true },
    }),
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

export async function agentHistory(
  agent: AuthenticatedAgent,
  roomId: string,
  beforeSeq: number | undefined,
  limit: number,
) {
  await requireAgentSeat(agent, roomId);
  const rows = await db.message.findMany({
    where: { roomId, ...(beforeSeq !== undefined && { seq: { lt: beforeSeq } }) },
    orderBy: { seq: "desc" },
    take: limit,
    include: messageInclude,
  });
  return rows.reverse().map((m) => ({ ...toAgentMessage(viewOf(m)), kind: m.kind === "SYSTEM" ? "system" : "text" }));
}
