import "server-only";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import { publishRoomEvent } from "@/lib/realtime/bus";
import type { MessageActor, MessageTarget } from "@/lib/rooms/message-changes";
import { takeSendToken } from "@/lib/rooms/rooms";

/**
 * "Answer again" on an agent's reply: the question it answered becomes pending again for that agent (MCP
 * client or hosted alike, through the agent API's pending rule), its earlier reply stays, and the reply it
 * writes now is marked as another answer to the earlier one. Each request costs the person a send token.
 */
export async function answerAgain({
  target,
  actor,
  userId,
}: {
  target: MessageTarget;
  actor: MessageActor;
  userId: string;
}): Promise<{ participantId: string; seq: number }> {
  if (!actor.participantId) throw new AppError("not_found", "Message not found");
  const reply = await db.message.findUniqueOrThrow({
    where: { id: target.id },
    select: {
      seq: true,
      kind: true,
      draft: true,
      notice: true,
      redactedAt: true,
      replyToSeq: true,
      sender: { select: { id: true, agentId: true, leftAt: true } },
    },
  });
  if (!reply.sender.agentId || reply.kind !== "TEXT" || reply.notice || reply.redactedAt)
    throw new AppError("unprocessable", "Only an agent's reply can be answered again");
  if (reply.draft) throw new AppError("conflict", "This reply is still being written");
  if (reply.replyToSeq === null) throw new AppError("unprocessable", "This message answers no message in particular");
  if (reply.sender.leftAt) throw new AppError("conflict", "This agent is no longer in the room");
  await takeSendToken(userId);
  const redo = { participantId: reply.sender.id, seq: reply.replyToSeq };
  await db.agentRedo.upsert({
    where: { participantId_seq: redo },
    create: { ...redo, replySeq: reply.seq },
    update: { replySeq: reply.seq, createdAt: new Date() },
  });
  publishRoomEvent(target.roomId, { type: "answer_again", ...redo });
  return redo;
}
