import "server-only";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import type { ReactionGroup, ReactionSummary } from "@/lib/platform/schemas";
import { publishSequenced } from "@/lib/realtime/bus";
import { changeEvent, recordChange } from "@/lib/realtime/history";
import { aggregateReactions, messageInclude, viewOf } from "@/lib/realtime/message-view";
import type { MessageTarget } from "@/lib/rooms/message-changes";

/** A reaction is one per participant, message and emoji; each one added or taken back is a change in the room's history. */

export const summaryFor = (groups: ReactionGroup[], participantId: string): ReactionSummary[] =>
  groups.map(({ emoji, count, participantIds }) => ({ emoji, count, mine: participantIds.includes(participantId) }));

/**
 * Adds (`on`) or takes back a participant's reaction. Doing what is already done changes nothing and
 * takes no number in the history. Returns the message's reactions as the participant sees them.
 */
export async function setReaction({
  target,
  participantId,
  emoji,
  on,
}: {
  target: MessageTarget;
  participantId: string;
  emoji: string;
  on: boolean;
}): Promise<ReactionSummary[]> {
  if (target.redactedAt) throw new AppError("conflict", "This message was deleted");
  const result = await db.$transaction(async (tx) => {
    const changed = on
      ? await tx.$executeRaw`
          INSERT INTO "Reaction" ("messageId", "participantId", emoji) VALUES (${target.id}, ${participantId}, ${emoji})
          ON CONFLICT DO NOTHING`
      : (await tx.reaction.deleteMany({ where: { messageId: target.id, participantId, emoji } })).count;
    if (changed === 0) {
      const rows = await tx.reaction.findMany({ where: { messageId: target.id }, orderBy: { createdAt: "asc" } });
      return { groups: aggregateReactions(rows), published: null };
    }
    const seq = await recordChange(tx, { roomId: target.roomId, messageId: target.id, kind: "REACTIONS" });
    const message = viewOf(await tx.message.findUniqueOrThrow({ where: { id: target.id }, include: messageInclude }));
    // A deletion committed meanwhile removed the message's reactions: this one must not come back.
    if (message.redacted) throw new AppError("conflict", "This message was deleted");
    return { groups: message.reactions, published: changeEvent(seq, "REACTIONS", message) };
  });
  if (result.published) publishSequenced(target.roomId, result.published);
  return summaryFor(result.groups, participantId);
}
