"use client";

import { Fragment, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { MessageView, ParticipantView } from "@/lib/schemas";
import { DraftReply } from "./DraftReply";
import { toggleReaction } from "./MessageActions";
import { Markdown, type Mention } from "./Markdown";
import type { PendingMessage } from "./useRoomStream";

type Props = {
  messages: MessageView[];
  pending: PendingMessage[];
  loaded: boolean;
  hasOlder: boolean;
  loadOlder: () => Promise<void>;
  onRetry: (pending: PendingMessage) => void;
  selfId: string;
  /** Names the @mentions of a message (a message lists participant ids). */
  participants: ParticipantView[];
  renderActions?: (message: MessageView) => React.ReactNode;
  /** The first message the reader had not read when the page opened: the "New" divider goes before it. */
  firstUnreadSeq?: number | null;
  /** The message the page was opened at (a search result): shown in the middle, highlighted. */
  anchorSeq?: number;
  /** Messages from others that arrived while the reader was not at the bottom (or away). */
  unseen?: number;
  /** Whether the reader is at the bottom, each time that changes. */
  onAtBottom?: (atBottom: boolean) => void;
  /** Opens the room at a message this page does not hold (a reply's original, further back). */
  onOpenAt?: (seq: number) => void;
};

/** What can take the focus inside a message: taken out of the Tab order unless the message is the current one. */
const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * The list is one stop in the Tab order, so its messages' buttons never stand between the page and the
 * composer: Tab lands on the current message (the latest at first), the arrow keys move between messages,
 * and Tab from a message goes through its own actions, code blocks and links (tabbable only while the focus
 * is in the list), then on to the composer.
 * Screen readers still reach every control by their own navigation.
 */
function rovingTabOrder(list: HTMLElement, focusInside: boolean) {
  for (const item of list.querySelectorAll<HTMLElement>(":scope > li[data-testid='message']")) {
    if (focusInside && item.tabIndex === 0) {
      for (const el of item.querySelectorAll<HTMLElement>("[data-roving-tabindex]")) {
        const original = el.dataset.rovingTabindex;
        if (original) el.setAttribute("tabindex", original);
        else el.removeAttribute("tabindex");
        delete el.dataset.rovingTabindex;
      }
    } else {
      for (const el of item.querySelectorAll<HTMLElement>(FOCUSABLE)) {
        if (el.dataset.rovingTabindex !== undefined) continue; // taken out already: keep its own value
        el.dataset.rovingTabindex = el.getAttribute("tabindex") ?? "";
        el.tabIndex = -1;
      }
    }
  }
}

function moveFocus(e: React.KeyboardEvent<HTMLOListElement>) {
  const item = e.target as HTMLElement;
  if (item.dataset.testid !== "message") return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(":scope > li[data-testid='message']")];
  const index = items.indexOf(item);
  const target: Record<string, HTMLElement | undefined> = {
    ArrowUp: items[index - 1],
    ArrowDown: items[index + 1],
    Home: items[0],
    End: items[items.length - 1],
  };
  const next = target[e.key];
  if (!next) return;
  e.preventDefault();
  next.focus();
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

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
function layoutOf(m: MessageView, previous: MessageView | undefined, firstUnreadSeq: number | null) {
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

export function MessageList({
  messages,
  pending,
  loaded,
  hasOlder,
  loadOlder,
  onRetry,
  selfId,
  participants,
  renderActions,
  firstUnreadSeq = null,
  anchorSeq,
  unseen = 0,
  onAtBottom,
  onOpenAt,
}: Props) {
  const names = new Map(participants.map((p) => [p.id, p.name]));
  const mentionsOf = (m: MessageView): Mention[] =>
    m.mentions.flatMap((id) => {
      const name = names.get(id);
      return name ? [{ name, self: id === selfId }] : [];
    });
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState(false);
  const positioned = useRef(false);
  const list = useRef<HTMLOListElement>(null);
  // The message Tab lands on in the list (null: the latest), and the one shown highlighted.
  const [current, setCurrent] = useState<number | null>(null);
  const [highlighted, setHighlighted] = useState(anchorSeq);
  const [focusInside, setFocusInside] = useState(false);
  const tabStop =
    current !== null && messages.some((m) => m.seq === current)
      ? current
      : messages.findLast((m) => m.kind !== "system")?.seq;
  // after every render, for the controls it added
  useEffect(() => {
    if (list.current) rovingTabOrder(list.current, focusInside);
  });

  /** A reply's original: shown and focused when this page holds it, else the room opens around it. */
  const jumpTo = (seq: number) => {
    const item = scroller.current?.querySelector<HTMLElement>(`li[data-seq="${seq}"]`);
    if (!item) return onOpenAt?.(seq);
    setHighlighted(seq);
    setCurrent(seq);
    item.scrollIntoView({ block: "center" });
    item.focus({ preventScroll: true });
  };

  const measureBottom = () => {
    const el = scroller.current;
    if (!el) return;
    const now = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (now !== atBottom.current) onAtBottom?.(now);
    atBottom.current = now;
  };

  // The first page opens at the message asked for, else at the "New" divider, else at the bottom. After
  // that, follow new messages only when the reader is already at the bottom, and keep the view steady
  // after older messages are prepended.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each render that adds messages
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (!positioned.current) {
      if (!loaded) return;
      positioned.current = true;
      const anchor = anchorSeq !== undefined ? el.querySelector<HTMLElement>(`[data-seq="${anchorSeq}"]`) : null;
      const divider = el.querySelector<HTMLElement>('[data-testid="new-divider"]');
      // offsetTop is relative to the scroller (it is positioned), so the page itself never scrolls
      if (anchor) el.scrollTop = anchor.offsetTop - el.clientHeight / 2 + anchor.offsetHeight / 2;
      else if (divider) el.scrollTop = divider.offsetTop - 8;
      else el.scrollTop = el.scrollHeight;
      measureBottom();
    } else if (heightBeforeOlder.current !== null) {
      el.scrollTop += el.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages, pending, loaded]);

  const onScroll = async () => {
    const el = scroller.current;
    if (!el) return;
    measureBottom();
    if (el.scrollTop < 80 && hasOlder && !loadingOlder) {
      setLoadingOlder(true);
      heightBeforeOlder.current = el.scrollHeight;
      try {
        await loadOlder();
        setOlderError(false);
      } catch {
        heightBeforeOlder.current = null;
        setOlderError(true);
      } finally {
        setLoadingOlder(false);
      }
    }
  };

  useEffect(() => {
    // A first page shorter than the viewport cannot be scrolled: fetch more until it can.
    const el = scroller.current;
    if (el && loaded && hasOlder && el.scrollHeight <= el.clientHeight) void onScroll();
  });

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        onScroll={onScroll}
        className="relative min-h-0 flex-1 overflow-y-auto px-4 py-3"
        data-testid="message-list"
        aria-live="polite"
      >
        {loadingOlder && <p className="py-2 text-center text-xs text-slate-500">Loading older messages…</p>}
        {olderError && (
          <p className="py-2 text-center text-xs text-red-600">
            Could not load older messages: scroll up to try again.
          </p>
        )}
        {!loaded && <p className="py-8 text-center text-sm text-slate-500">Loading messages…</p>}
        {loaded && messages.length === 0 && pending.length === 0 && (
          <p className="py-8 text-center text-sm text-slate-500">No messages yet. Say hello!</p>
        )}
        <ol
          ref={list}
          className="space-y-2"
          onKeyDown={moveFocus}
          onFocus={() => setFocusInside(true)}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget)) setFocusInside(false);
          }}
        >
          {messages.map((m, i) => {
            const { day, grouped } = layoutOf(m, messages[i - 1], firstUnreadSeq);
            return (
              <Fragment key={m.seq}>
                {day && (
                  <li
                    data-testid="date-separator"
                    className="flex items-center gap-2 pt-2 text-xs font-medium text-slate-500"
                  >
                    <span className="h-px flex-1 bg-slate-200" />
                    {day}
                    <span className="h-px flex-1 bg-slate-200" />
                  </li>
                )}
                {m.seq === firstUnreadSeq && (
                  <li data-testid="new-divider" className="flex items-center gap-2 text-xs font-semibold text-red-600">
                    <span className="h-px flex-1 bg-red-300" />
                    New
                    <span className="h-px flex-1 bg-red-300" />
                  </li>
                )}
                {m.kind === "system" ? (
                  <li data-seq={m.seq} className="text-center text-xs text-slate-500">
                    {m.body} · {time(m.createdAt)}
                  </li>
                ) : (
                  <li
                    data-seq={m.seq}
                    data-testid="message"
                    data-mentions-you={m.mentions.includes(selfId) || undefined}
                    data-highlighted={m.seq === highlighted || undefined}
                    data-grouped={grouped || undefined}
                    // one message at a time is the list's stop in the Tab order
                    tabIndex={m.seq === tabStop ? 0 : -1}
                    onFocus={() => setCurrent(m.seq)}
                    className={`group scroll-my-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${grouped ? "-mt-1.5" : ""} ${
                      m.seq === highlighted
                        ? "-mx-2 rounded bg-yellow-50 px-2 ring-2 ring-yellow-300"
                        : m.mentions.includes(selfId)
                          ? "-mx-2 rounded border-l-2 border-amber-400 bg-amber-50/60 px-2"
                          : ""
                    }`}
                  >
                    {/* under the previous message's name: the name and time stay for screen readers */}
                    <div className={grouped ? "sr-only" : "flex items-baseline gap-2"}>
                      <span
                        className={`text-sm font-semibold ${m.sender.id === selfId ? "text-brand-700" : "text-slate-800"}`}
                      >
                        {m.sender.name}
                      </span>
                      {m.sender.kind === "agent" && (
                        <span className="rounded bg-violet-100 px-1 text-[10px] font-medium uppercase text-violet-700">
                          agent
                        </span>
                      )}
                      <time className="text-xs text-slate-400" dateTime={m.createdAt}>
                        {time(m.createdAt)}
                      </time>
                      {m.editedAt && !m.redacted && <span className="text-xs text-slate-400">(edited)</span>}
                    </div>
                    {m.replyToSeq !== null && <ReplyQuote seq={m.replyToSeq} messages={messages} onJump={jumpTo} />}
                    <div className={m.redacted ? "italic text-slate-400" : ""}>
                      <Markdown mentions={m.redacted ? [] : mentionsOf(m)}>
                        {m.redacted ? "message deleted" : m.body}
                      </Markdown>
                    </div>
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
                          return (
                            <button
                              key={r.emoji}
                              type="button"
                              aria-pressed={mine}
                              aria-label={`${r.emoji} ${r.count}`}
                              onClick={() => void toggleReaction(m, r.emoji, mine).catch(() => {})}
                              className={`rounded-full border px-2 text-xs ${mine ? "border-brand-500 bg-brand-50" : "border-slate-200"}`}
                            >
                              {r.emoji} {r.count}
                            </button>
                          );
                        })}
                      </div>
                    )}
                    {renderActions?.(m)}
                  </li>
                )}
              </Fragment>
            );
          })}
          {pending.map((p) => (
            <li key={p.clientId} data-testid="pending-message" className="opacity-70">
              <div className="flex items-baseline gap-2">
                <span className="text-sm font-semibold text-brand-700">You</span>
                <span className="text-xs text-slate-400">{p.status === "sending" ? "sending…" : "not sent"}</span>
              </div>
              <Markdown>{p.body}</Markdown>
              {p.status === "failed" && (
                <p className="text-xs text-red-600">
                  {p.error}{" "}
                  <button type="button" className="underline" onClick={() => onRetry(p)}>
                    Retry
                  </button>
                </p>
              )}
            </li>
          ))}
        </ol>
      </div>
      {unseen > 0 && (
        <button
          type="button"
          onClick={() => {
            const el = scroller.current;
            if (el) el.scrollTop = el.scrollHeight;
          }}
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-brand-600 px-3 py-1 text-sm font-medium text-white shadow-lg hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2"
        >
          {unseen} new {unseen === 1 ? "message" : "messages"} ↓
        </button>
      )}
    </div>
  );
}

/** The message a reply answers; a click shows it, loading the history around it when this page lacks it. */
function ReplyQuote({ seq, messages, onJump }: { seq: number; messages: MessageView[]; onJump: (seq: number) => void }) {
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
      {original
        ? `${original.sender.name}: ${original.redacted ? "message deleted" : original.body.slice(0, 120)}`
        : `Reply to an earlier message (#${seq})`}
    </button>
  );
}
