import type { MessageView } from "@/lib/platform/schemas";
import type { Mention } from "./Markdown";

// How the timeline lays messages out: by day, and in blocks under one name.

/** The people and agents a message @mentions, by name (`names`: participant id → name), marking the reader. */
export const mentionsIn = (m: MessageView, names: Map<string, string>, selfId: string): Mention[] =>
  m.mentions.flatMap((id) => {
    const name = names.get(id);
    return name ? [{ name, self: id === selfId }] : [];
  });

/** Messages from one sender this close together read as one block under one name. */
const GROUP_WITHIN_MS = 5 * 60_000;

function dayLabel(date: Date): string {
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (date.toDateString() === today.toDateString()) return "Today";
  if (date.toDateString() === yesterday.toDateString()) return "Yesterday";
  return date.toLocaleDateString([], {
    weekday: "long",
    month: "long",
    day: "numeric",
    ...(date.getFullYear() !== today.getFullYear() && { year: "numeric" }),
  });
}

/** Where a message starts a new day, and whether it continues the previous message's block. */
export function layoutOf(m: MessageView, previous: MessageView | undefined, firstUnreadSeq: number | null) {
  const at = new Date(m.createdAt);
  const newDay = !previous || new Date(previous.createdAt).toDateString() !== at.toDateString();
  const grouped =
    !newDay &&
    previous?.kind === "text" &&
    m.kind === "text" &&
    previous.sender.id === m.sender.id &&
    m.replyToSeq === null &&
    m.seq !== firstUnreadSeq &&
    at.getTime() - new Date(previous.createdAt).getTime() < GROUP_WITHIN_MS;
  return { day: newDay ? dayLabel(at) : null, grouped };
}
