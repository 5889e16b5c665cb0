"use client";

import { Avatar } from "@/components/ui/Avatar";
import { Time } from "@/components/ui/Time";
import { plainText } from "@/lib/client/plain-text";
import type { MessageView } from "@/lib/platform/schemas";
import { MessageAttachments } from "./Attachments";
import { DraftReply } from "./DraftReply";
import { Markdown, type Mention } from "./Markdown";
import { toggleReaction } from "./MessageActions";
import { MessageToolbar } from "./MessageToolbar";
import type { PendingMessage } from "./useRoomStream";

type Props = {
  message: MessageView;
  /** Continues the previous message's block: its name and time are for screen readers only. */
  grouped: boolean;
  selfId: string;
  mentions: Mention[];
  highlighted: boolean;
  /** The list's one stop in the Tab order. */
  tabStop: boolean;
  onFocus: () => void;
  /** The page's messages, where a reply finds the one it answers. */
  messages: MessageView[];
  onJump: (seq: number) => void;
  renderActions?: (message: MessageView) => React.ReactNode;
  /** Being edited in the composer: marked so the reader sees which message the composer changes. */
  editing?: boolean;
  /** Participant names by id, to say who reacted. */
  names?: Map<string, string>;
  /** Under a thread's root: its replies, who wrote them, when the last came. */
  renderThread?: (message: MessageView) => React.ReactNode;
};

/** One message of the timeline: a system line, or a person's or agent's message with its reply, reactions and actions. */
export function MessageRow({
  message: m,
  grouped,
  selfId,
  mentions,
  highlighted,
  tabStop,
  onFocus,
  messages,
  onJump,
  renderActions,
  editing = false,
  names,
  renderThread,
}: Props) {
  if (m.kind === "system") {
    return (
      <li data-seq={m.seq} className="text-center text-xs text-slate-500">
        <bdi>{m.body}</bdi> · <Time iso={m.createdAt} format="time" />
      </li>
    );
  }
  const mentionsYou = m.mentions.includes(selfId);
  return (
    <li
      data-seq={m.seq}
      data-testid="message"
      data-mentions-you={mentionsYou || undefined}
      data-highlighted={highlighted || undefined}
      data-grouped={grouped || undefined}
      data-editing={editing || undefined}
      tabIndex={tabStop ? 0 : -1}
      onFocus={onFocus}
      // pl-10: the gutter for the sender's avatar, or a grouped message's time on hover
      className={`group relative scroll-my-2 pl-10 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${grouped ? "-mt-1.5" : ""} ${
        editing
          ? "-mx-2 rounded bg-brand-50 px-2 pl-12 ring-2 ring-brand-500"
          : highlighted
            ? "-mx-2 rounded bg-yellow-50 px-2 pl-12 ring-2 ring-yellow-300"
            : mentionsYou
              ? "-mx-2 rounded border-l-2 border-amber-400 bg-amber-50/60 px-2 pl-12"
              : ""
      }`}
    >
      {grouped ? (
        <span
          aria-hidden="true"
          data-testid="grouped-time"
          className="absolute left-0 top-0.5 w-9 text-right text-[10px] text-slate-400 opacity-0 group-hover:opacity-100 group-focus-within:opacity-100"
        >
          <Time iso={m.createdAt} format="time" />
        </span>
      ) : (
        <Avatar
          id={m.sender.id}
          name={m.sender.name}
          className={`absolute top-0.5 ${editing || highlighted || mentionsYou ? "left-2" : "left-0"}`}
        />
      )}
      {/* under the previous message's name: the name and time stay for screen readers */}
      <div className={grouped ? "sr-only" : "flex items-baseline gap-2 pr-8 md:pr-0"}>
        <span className={`text-sm font-semibold ${m.sender.id === selfId ? "text-brand-700" : "text-slate-800"}`}>
          <bdi>{m.sender.name}</bdi>
        </span>
        {m.sender.kind === "agent" && (
          <span className="rounded bg-violet-100 px-1 text-[10px] font-medium uppercase text-violet-700">agent</span>
        )}
        <Time iso={m.createdAt} format="time" className="text-xs text-slate-400" />
        {m.editedAt && !m.redacted && <span className="text-xs text-slate-400">(edited)</span>}
        {editing && <span className="text-xs font-medium text-brand-700">Editing…</span>}
      </div>
      {m.replyToSeq !== null && <ReplyQuote seq={m.replyToSeq} messages={messages} onJump={onJump} />}
      {m.regeneratesSeq !== null && (
        <button
          type="button"
          onClick={() => onJump(m.regeneratesSeq as number)}
          data-testid="answered-again"
          className="mb-1 block text-left text-xs font-medium text-violet-700 hover:underline"
        >
          Answered again · show the earlier answer (#{m.regeneratesSeq})
        </button>
      )}
      <div
        className={
          m.redacted
            ? "italic text-slate-400"
            : m.notice
              ? "rounded border border-amber-300 bg-amber-50 px-2 py-1 text-amber-900"
              : ""
        }
        data-testid={m.notice ? "agent-notice" : undefined}
      >
        <Markdown mentions={m.redacted ? [] : mentions}>{m.redacted ? "message deleted" : m.body}</Markdown>
      </div>
      {!m.redacted && m.body === "" && m.attachments.length > 0 && <span className="sr-only">Sent files</span>}
      <MessageAttachments attachments={m.attachments} />
      {m.draft && !m.redacted && <DraftReply message={m} />}
      {grouped && m.editedAt && !m.redacted && (
        <span aria-hidden="true" className="text-xs text-slate-400">
          (edited)
        </span>
      )}
      {m.reactions.length > 0 && (
        <div className="mt-1 flex flex-wrap gap-1" data-testid="reactions">
          {m.reactions.map((r) => {
            const mine = r.participantIds.includes(selfId);
            const who = r.participantIds.map((id) => (id === selfId ? "you" : (names?.get(id) ?? "someone who left")));
            return (
              <button
                key={r.emoji}
                type="button"
                aria-pressed={mine}
                aria-label={`${r.emoji} ${r.count}`}
                aria-description={`Reacted: ${who.join(", ")}`}
                title={`${who.join(", ")} reacted with ${r.emoji}`}
                onClick={() => void toggleReaction(m, r.emoji, mine).catch(() => {})}
                className={`min-h-6 rounded-full border px-2 text-xs ${mine ? "border-brand-500 bg-brand-50" : "border-slate-200"}`}
              >
                {r.emoji} {r.count}
              </button>
            );
          })}
        </div>
      )}
      {renderThread?.(m)}
      <MessageToolbar seq={m.seq}>{renderActions?.(m)}</MessageToolbar>
    </li>
  );
}

/** The message a reply answers; a click shows it, loading the history around it when this page lacks it. */
function ReplyQuote({
  seq,
  messages,
  onJump,
}: {
  seq: number;
  messages: MessageView[];
  onJump: (seq: number) => void;
}) {
  const original = messages.find((m) => m.seq === seq);
  return (
    <button
      type="button"
      onClick={() => onJump(seq)}
      data-testid="reply-quote"
      title="Show the message this replies to"
      className="mb-1 block max-w-full truncate border-l-2 border-slate-300 pl-2 text-left text-xs text-slate-500 hover:text-slate-700"
    >
      <span className="sr-only">In reply to </span>
      {original ? (
        <>
          <bdi>{original.sender.name}</bdi>:{" "}
          <bdi>{original.redacted ? "message deleted" : plainText(original.body).slice(0, 120)}</bdi>
        </>
      ) : (
        `Reply to an earlier message (#${seq})`
      )}
    </button>
  );
}

/** A message of this person's that the server has not confirmed yet. */
export function PendingRow({
  pending: p,
  onRetry,
}: {
  pending: PendingMessage;
  onRetry: (pending: PendingMessage) => void;
}) {
  return (
    <li data-testid="pending-message" data-client-id={p.clientId} className="pl-10 opacity-70">
      <div className="flex items-baseline gap-2">
        <span className="text-sm font-semibold text-brand-700">You</span>
        <span className="text-xs text-slate-400">{p.status === "sending" ? "sending…" : "not sent"}</span>
      </div>
      <Markdown>{p.body}</Markdown>
      {p.attachments && p.attachments.length > 0 && <MessageAttachments attachments={p.attachments} />}
      {p.status === "failed" && (
        <p className="text-xs text-red-600">
          {p.error}{" "}
          <button type="button" className="underline" onClick={() => onRetry(p)}>
            Retry
          </button>
        </p>
      )}
    </li>
  );
}
