import "server-only";
import { requireOwnAgent } from "@/lib/agents/agents";
import { db, isUniqueViolation } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import { forgetRoom } from "@/lib/realtime/seat-cache";
import { recordAudit } from "@/lib/review/audit";
import { announceMembership } from "@/lib/rooms/rooms";

/** Its owner renames an agent or changes its description; its messages show the new name, as people's do. */
export async function updateAgent({
  ownerId,
  agentId,
  name,
  description,
}: {
  ownerId: string;
  agentId: string;
  name?: string;
  description?: string;
}) {
  await requireOwnAgent(ownerId, agentId);
  try {
    const agent = await db.agent.update({
      where: { id: agentId },
      data: {
        ...(name !== undefined && { name }),
        ...(description !== undefined && { description: description || null }),
      },
    });
    return { id: agent.id, name: agent.name, description: agent.description };
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError("conflict", `You already have an agent named “${name}”`, {
        fields: { name: ["You already have an agent with this name"] },
      });
    }
    throw err;
  }
}

/**
 * Its owner deletes an agent: it leaves every room (each is told), its tokens and connected applications
 * stop working at once, and Parley stops hosting it. The row stays, renamed "<name> (deleted)" so that its
 * name can be used again, for the messages it wrote to keep their sender.
 */
export async function deleteAgent({ ownerId, agentId }: { ownerId: string; agentId: string }): Promise<void> {
  const agent = await requireOwnAgent(ownerId, agentId);
  const now = new Date();
  const seats = await db.$transaction(async (tx) => {
    await tx.agentToken.updateMany({ where: { agentId, revokedAt: null }, data: { revokedAt: now } });
    await tx.oAuthGrant.updateMany({
      where: { agentId, revokedAt: null },
      data: { revokedAt: now, revokedReason: "agent_deleted" },
    });
    await tx.hostedAgent.deleteMany({ where: { agentId } });
    const left = await tx.participant.updateManyAndReturn({
      where: { agentId, leftAt: null },
      data: { leftAt: now, waitGeneration: { increment: 1 } },
      select: { id: true, roomId: true },
    });
    const taken = await tx.agent.findFirst({
      where: { ownerId, name: `${agent.name} (deleted)` },
      select: { id: true },
    });
    await tx.agent.update({
      where: { id: agentId },
      data: {
        deletedAt: now,
        name: taken ? `${agent.name} (deleted ${agentId.slice(-6)})` : `${agent.name} (deleted)`,
      },
    });
    await recordAudit(
      {
        action: "agent.deleted",
        actorUserId: ownerId,
        targetType: "agent",
        targetId: agentId,
        meta: { rooms: left.length },
      },
      tx,
    );
    return left;
  });
  for (const seat of seats) {
    forgetRoom(seat.roomId);
    const sender = { id: seat.id, name: agent.name, kind: "agent" as const };
    await announceMembership(seat.roomId, [{ sender, text: `${agent.name} was removed` }], [seat.id]);
  }
}
