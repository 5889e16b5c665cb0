"use client";

import { Time } from "@/components/ui/Time";
import type { MessageView } from "@/lib/platform/schemas";

/** Under a thread's root: how many replies, who wrote them, when the last came, and what you have not read. */
export function ThreadSummary({
  message,
  names,
  unread,
  onOpen,
}: {
  message: MessageView;
  names: Map<string, string>;
  unread: number;
  onOpen: (rootSeq: number) => void;
}) {
  const thread = message.thread;
  if (!thread) return null;
  const who = thread.participantIds.flatMap((id) => names.get(id) ?? []);
  const shown = who.slice(0, 3).join(", ") + (who.length > 3 ? ` and ${who.length - 3} more` : "");
  return (
    <button
      type="button"
      onClick={() => onOpen(message.seq)}
      data-testid="thread-summary"
      className="mt-1 flex max-w-full items-center gap-2 rounded border border-slate-200 px-2 py-1 text-left text-xs hover:border-brand-500 hover:bg-brand-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
    >
      <span className="font-semibold text-brand-700" data-testid="reply-count">
        {thread.replyCount} {thread.replyCount === 1 ? "reply" : "replies"}
      </span>
      {shown && (
        <span className="truncate text-slate-600">
          <bdi>{shown}</bdi>
        </span>
      )}
      {thread.lastReplyAt && (
        <span className="shrink-0 text-slate-500">
          last reply <Time iso={thread.lastReplyAt} format="time" />
        </span>
      )}
      {unread > 0 && (
        <span
          className="shrink-0 rounded-full bg-brand-600 px-1.5 font-semibold text-white"
          data-testid="thread-unread"
        >
          {unread} new
        </span>
      )}
    </button>
  );
}
