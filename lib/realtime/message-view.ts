import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AttachmentView, MessageView, ReactionGroup } from "@/lib/platform/schemas";

export const REDACTED_BODY = "[message redacted]";

/** What every message query includes so it can be shown with its sender. */
export const messageInclude = {
  sender: { select: { id: true, user: { select: { name: true, email: true } }, agent: { select: { name: true } } } },
  reactions: { select: { emoji: true, participantId: true }, orderBy: { createdAt: "asc" } },
  attachments: { select: { id: true, name: true, type: true, size: true, width: true, height: true, thumbnail: true }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.MessageInclude;

type MessageRow = Prisma.MessageGetPayload<{ include: typeof messageInclude }>;

export type SenderRef = { id: string; name: string; kind: "user" | "agent" };

export function senderOf(participant: MessageRow["sender"]): SenderRef {
  return participant.agent
    ? { id: participant.id, name: participant.agent.name, kind: "agent" }
    : { id: participant.id, name: participant.user?.name ?? participant.user?.email ?? "Someone", kind: "user" };
}

type MessageFields = Pick<
  MessageRow,
  | "id"
  | "roomId"
  | "seq"
  | "kind"
  | "body"
  | "replyToSeq"
  | "clientId"
  | "createdAt"
  | "redactedAt"
  | "editedAt"
  | "mentions"
  | "draft"
  | "notice"
  | "regeneratesSeq"
  | "threadRootSeq"
  | "alsoToRoom"
  | "threadReplyCount"
  | "threadLastReplyAt"
  | "threadLastReplySeq"
  | "threadRepliers"
>;

/** Reactions grouped by emoji, in the order each emoji was first used. */
export function aggregateReactions(rows: { emoji: string; participantId: string }[]): ReactionGroup[] {
  const groups = new Map<string, ReactionGroup>();
  for (const { emoji, participantId } of rows) {
    const group = groups.get(emoji) ?? { emoji, count: 0, participantIds: [] };
    group.count++;
    group.participantIds.push(participantId);
    groups.set(emoji, group);
  }
  return [...groups.values()];
}

export function toMessageView(
  row: MessageFields,
  sender: SenderRef,
  reactions: ReactionGroup[] = [],
  attachments: AttachmentView[] = [],
): MessageView {
  return {
    id: row.id,
    roomId: row.roomId,
    seq: row.seq,
    kind: row.kind === "SYSTEM" ? "system" : "text",
    sender,
    body: row.redactedAt ? REDACTED_BODY : row.body,
    replyToSeq: row.replyToSeq,
    clientId: row.clientId,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    redacted: row.redactedAt !== null,
    mentions: row.mentions ?? [],
    reactions,
    draft: row.draft,
    notice: row.notice,
    regeneratesSeq: row.regeneratesSeq,
    // A deleted message's files are deleted with it.
    attachments: row.redactedAt ? [] : attachments,
    threadRootSeq: row.threadRootSeq ?? null,
    alsoToRoom: row.alsoToRoom ?? false,
    thread:
      row.threadReplyCount > 0
        ? {
            rootSeq: row.seq,
            replyCount: row.threadReplyCount,
            lastReplyAt: row.threadLastReplyAt?.toISOString() ?? null,
            lastReplySeq: row.threadLastReplySeq,
            participantIds: row.threadRepliers ?? [],
          }
        : null,
  };
}

export function viewOf(row: MessageRow): MessageView {
  return toMessageView(row, senderOf(row.sender), aggregateReactions(row.reactions), row.attachments);
}
