"use client";

import useSWR from "swr";
import { FeedbackControls, type MyFeedback } from "@/components/feedback/FeedbackControls";
import { fetcher } from "@/lib/client/api";
import type { MessageView } from "@/lib/platform/schemas";
import { MessageActions } from "./MessageActions";
import type { MessageHandlers } from "./useComposerTarget";

/** The reader's ratings of agent replies in the room, kept in step as they rate. */
export function useMyFeedback(roomId: string) {
  const { data, mutate } = useSWR<{ feedback: MyFeedback[] }>(`/api/rooms/${roomId}/feedback`, fetcher);
  const mine = new Map(data?.feedback.map((f) => [f.messageId, f]));
  const saved = (messageId: string, feedback: MyFeedback | null) =>
    void mutate(
      (current) => ({
        feedback: [
          ...(current?.feedback ?? []).filter((f) => f.messageId !== messageId),
          ...(feedback ? [feedback] : []),
        ],
      }),
      { revalidate: false },
    );
  return { mine, saved };
}

/** A message's actions in a room: feedback on agent replies, reply, react, edit, delete, and "Reply in thread". */
export function RoomMessageActions({
  message,
  selfId,
  canDelete,
  feedback,
  handlers,
  onThread,
}: {
  message: MessageView;
  selfId: string;
  canDelete: boolean;
  feedback: ReturnType<typeof useMyFeedback>;
  handlers: MessageHandlers;
  /** Offered on the room's timeline only, and not for the thread already open. */
  onThread?: () => void;
}) {
  return (
    <div className="flex items-center gap-2">
      {/* A notice (an error, a spent budget) is not a reply to rate; a draft is not one yet. */}
      {message.sender.kind === "agent" && !message.redacted && !message.notice && !message.draft && (
        <FeedbackControls
          messageId={message.id}
          current={feedback.mine.get(message.id)}
          onSaved={(saved) => feedback.saved(message.id, saved)}
        />
      )}
      <MessageActions
        message={message}
        selfId={selfId}
        canDelete={canDelete}
        onReply={handlers.onReply}
        onEdit={handlers.onEdit}
      />
      {onThread && message.kind === "text" && !message.redacted && message.threadRootSeq === null && (
        <button
          type="button"
          aria-label={`Reply in thread to #${message.seq}`}
          onClick={onThread}
          className="rounded px-1 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-800"
        >
          Reply in thread
        </button>
      )}
    </div>
  );
}
