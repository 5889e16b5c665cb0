import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { AuthenticatedAgent } from "@/lib/auth/agent-identity";
import { authenticateOAuthToken } from "@/lib/auth/oauth";
import { ACCESS_PREFIX } from "@/lib/auth/oauth-core";
import { db, isUniqueViolation } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import { type ReplyRule, replyRuleOf } from "@/lib/platform/schemas";
import { publishRoomEvent } from "@/lib/realtime/bus";
import type { SenderRef } from "@/lib/realtime/message-view";
import { takeAgentOffline } from "@/lib/realtime/presence";
import { recordAudit } from "@/lib/review/audit";
import { refuseInDirectRoom } from "@/lib/rooms/direct-rooms";
import { addParticipant, inputModeOf, listParticipants, type Membership } from "@/lib/rooms/rooms";

/** Agents: named AI participants owned by a person, authenticated by hashed bearer tokens. */

const TOKEN_PREFIX = "prl_";
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
// lastUsedAt is informative: refresh it at most once a minute rather than on every call.
const LAST_USED_RESOLUTION_MS = 60_000;

export type { AuthenticatedAgent };

/** How people mention an agent: the rule that makes a message pending for it matches this text. */
export const handleOf = (name: string) => `@${name}`;

/** Who the agent is, in every waiting result and room list: a model needs its own name to notice mentions. */
export const youOf = (agent: AuthenticatedAgent) => ({
  agent_id: agent.id,
  name: agent.name,
  handle: handleOf(agent.name),
});

type NewAgent = { ownerId: string; name: string; description?: string };

export async function createAgent({ ownerId, name, description }: NewAgent) {
  try {
    const agent = await db.agent.create({ data: { ownerId, name, description } });
    return { id: agent.id, name: agent.name, description: agent.description, createdAt: agent.createdAt.toISOString() };
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("conflict", `You already have an agent named “${name}”`);
    throw err;
  }
}

/**
 * The caller's agent of that name, created if they have none (connecting "Claude" twice reuses it). A deleted
 * agent is never reused: its name ends in "(deleted)", which someone could type.
 */
export async function findOrCreateAgent(input: NewAgent) {
  const { ownerId, name } = input;
  return (await db.agent.findFirst({ where: { ownerId, name, deletedAt: null } })) ?? createAgent(input);
}

export async function listAgents(ownerId: string) {
  const agents = await db.agent.findMany({
    where: { ownerId, deletedAt: null },
    orderBy: { createdAt: "asc" },
    include: {
      tokens: { orderBy: { createdAt: "desc" } },
      participants: { where: { leftAt: null }, select: { room: { select: { id: true, name: true } } } },
      hosted: { select: { model: true, enabled: true, pausedAt: true, pauseReason: true } },
    },
  });
  return agents.map((agent) => ({
    id: agent.id,
    name: agent.name,
    description: agent.description,
    createdAt: agent.createdAt.toISOString(),
    rooms: agent.participants.map((p) => p.room),
    // Whether Parley runs it (then no MCP client should), and how it is doing.
    hosted: agent.hosted && {
      model: agent.hosted.model,
      enabled: agent.hosted.enabled,
      paused: agent.hosted.pausedAt ? (agent.hosted.pauseReason ?? "paused") : null,
    },
    tokens: agent.tokens.map((t) => ({
      id: t.id,
      prefix: t.prefix,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
  }));
}

export async function requireOwnAgent(ownerId: string, agentId: string) {
  const agent = await db.agent.findFirst({ where: { id: agentId, ownerId, deletedAt: null } });
  if (!agent) throw new AppError("not_found", "Agent not found");
  return agent;
}

/**
 * A new token for one of the caller's agents. The token is returned once; only its hash is kept. An agent
 * Parley hosts gets none: a client with a token would be a second loop answering as the same agent.
 */
export async function issueToken({ ownerId, agentId }: { ownerId: string; agentId: string }) {
  await requireOwnAgent(ownerId, agentId);
  if (await db.hostedAgent.findUnique({ where: { agentId }, select: { agentId: true } })) {
    throw new AppError("conflict", "Parley hosts this agent, so it takes no token: stop hosting it first");
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.$transaction(async (tx) => {
    const created = await tx.agentToken.create({
      data: { agentId, tokenHash: hashToken(token), prefix: token.slice(0, 10) },
    });
    await recordAudit(
      {
        action: "agent.token_created",
        actorUserId: ownerId,
        targetType: "agent_token",
        targetId: created.id,
        meta: { agentId, prefix: created.prefix },
      },
      tx,
    );
    return created;
  });
  return { id: row.id, token, prefix: row.prefix, createdAt: row.createdAt.toISOString() };
}

export async function revokeToken({
  ownerId,
  agentId,
  tokenId,
}: {
  ownerId: string;
  agentId: string;
  tokenId: string;
}) {
  await requireOwnAgent(ownerId, agentId);
  await db.$transaction(async (tx) => {
    const { count } = await tx.agentToken.updateMany({
      where: { id: tokenId, agentId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError("not_found", "Token not found or already revoked");
    await recordAudit(
      {
        action: "agent.token_revoked",
        actorUserId: ownerId,
        targetType: "agent_token",
        targetId: tokenId,
        meta: { agentId },
      },
      tx,
    );
  });
  await takeAgentOffline(agentId);
}

/**
 * The agent behind an `Authorization: Bearer` header: an agent token, or (where `oauthResource` is
 * given) an OAuth access token issued for that resource. 401 for a missing, unknown or revoked token.
 */
export async function authenticateAgent(
  authorization: string | null,
  oauthResource?: string,
): Promise<AuthenticatedAgent> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) throw new AppError("unauthorized", "Send an agent token as `Authorization: Bearer <token>`");
  if (oauthResource && token.startsWith(ACCESS_PREFIX)) {
    const agent = await authenticateOAuthToken(token, oauthResource);
    if (!agent)
      throw new AppError("unauthorized", "This access token is expired, revoked or meant for another resource");
    return agent;
  }
  const row = await db.agentToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { agent: true } });
  if (!row || row.revokedAt || row.agent.deletedAt)
    throw new AppError("unauthorized", "This agent token is not valid or was revoked");
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.agentToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: row.agent.id, name: row.agent.name, ownerId: row.agent.ownerId };
}

/** A room member adds one of their own agents to the room. */
export async function addAgentToRoom({
  membership,
  ownerId,
  agentId,
}: {
  membership: Membership;
  ownerId: string;
  agentId: string;
}) {
  await refuseInDirectRoom(membership.roomId, "add agents to");
  const agent = await requireOwnAgent(ownerId, agentId);
  const { participant, joined } = await addParticipant({ roomId: membership.roomId, member: { agentId: agent.id } });
  // A hosted agent's new seat follows the reply rule its owner chose for it (lib/agents/hosted/settings).
  const hosted = joined && (await db.hostedAgent.findUnique({ where: { agentId }, select: { replyRule: true } }));
  if (hosted) await db.participant.update({ where: { id: participant.id }, data: { replyRule: hosted.replyRule } });
  return { participantId: participant.id, agentId: agent.id, name: agent.name, joined };
}

export type AgentSeat = {
  roomId: string;
  participantId: string;
  cursor: number;
  replyRule: ReplyRule;
  sender: SenderRef;
};

/** The agent's place in a room, or a clear error when it is not in it. */
export async function requireAgentSeat(agent: AuthenticatedAgent, roomId: string): Promise<AgentSeat> {
  const participant = await db.participant.findUnique({ where: { roomId_agentId: { roomId, agentId: agent.id } } });
  if (!participant || participant.leftAt) {
    throw new AppError(
      "not_found",
      `Agent “${agent.name}” is not a participant of room ${roomId}: ask a member to add it`,
    );
  }
  return seatOf(participant, agent);
}

export async function agentSeats(agent: AuthenticatedAgent): Promise<AgentSeat[]> {
  const rows = await db.participant.findMany({
    where: { agentId: agent.id, leftAt: null, room: { archivedAt: null } },
  });
  return rows.map((p) => seatOf(p, agent));
}

function seatOf(
  p: { id: string; roomId: string; lastReadSeq: number; replyRule: "ALL" | "MENTIONS" },
  agent: AuthenticatedAgent,
): AgentSeat {
  return {
    roomId: p.roomId,
    participantId: p.id,
    cursor: p.lastReadSeq,
    replyRule: replyRuleOf(p.replyRule),
    sender: { id: p.id, name: agent.name, kind: "agent" },
  };
}

/** The room's owner decides which messages an agent in it answers. */
export async function setReplyRule({
  membership,
  participantId,
  replyRule,
}: {
  membership: Membership;
  participantId: string;
  replyRule: ReplyRule;
}) {
  const target = await db.participant.findFirst({
    where: { id: participantId, roomId: membership.roomId, leftAt: null, agentId: { not: null } },
  });
  if (!target) throw new AppError("not_found", "No such agent in this room");
  if (!membership.isOwner) throw new AppError("forbidden", "Only the room's owner can change when an agent answers");
  await db.participant.update({
    where: { id: target.id },
    data: { replyRule: replyRule === "all" ? "ALL" : "MENTIONS" },
  });
  publishRoomEvent(membership.roomId, {
    type: "participants",
    mode: inputModeOf(await listParticipants(membership.roomId)),
  });
  return { participantId, replyRule };
}
