"use client";

import { Fragment, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { MessageView, ParticipantView } from "@/lib/platform/schemas";
import { MessageRow, PendingRow } from "./MessageRow";
import { layoutOf, mentionsIn } from "./message-layout";
import { moveFocus, rovingTabOrder } from "./roving-focus";
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
  renderThread?: (message: MessageView) => React.ReactNode;
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
  /** The message being edited in the composer, marked in the list. */
  editingSeq?: number;
};

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
  renderThread,
  firstUnreadSeq = null,
  anchorSeq,
  unseen = 0,
  onAtBottom,
  onOpenAt,
  editingSeq,
}: Props) {
  const names = new Map(participants.map((p) => [p.id, p.name]));
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  // The reader's own latest send (its clientId): brought into view as it appears, then as it is confirmed.
  const ownSend = useRef<{ clientId: string; shown: "pending" | "confirmed" } | null>(null);
  const pendingSeen = useRef(new Set<string>());
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
    } else if (showOwnSend(el)) {
      measureBottom();
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages, pending, loaded]);

  /**
   * What the reader just sent is what they look at next, wherever they were scrolled: the list shows its
   * start (a message taller than the list would otherwise show only its last lines), else the bottom.
   * Once when it appears as pending and once more when the server's copy replaces it.
   */
  const showOwnSend = (el: HTMLDivElement): boolean => {
    const fresh = pending.find((p) => p.status === "sending" && !pendingSeen.current.has(p.clientId));
    for (const p of pending) pendingSeen.current.add(p.clientId);
    if (fresh) ownSend.current = { clientId: fresh.clientId, shown: "pending" };
    const send = ownSend.current;
    if (!send) return false;
    const confirmed = messages.find((m) => m.clientId === send.clientId);
    if (!fresh && !(confirmed && send.shown === "pending")) return false;
    const row = confirmed
      ? el.querySelector<HTMLElement>(`li[data-seq="${confirmed.seq}"]`)
      : el.querySelector<HTMLElement>(`li[data-client-id="${CSS.escape(send.clientId)}"]`);
    if (confirmed) ownSend.current = null;
    if (!row) return false;
    el.scrollTop = row.offsetHeight > el.clientHeight - 16 ? row.offsetTop - 8 : el.scrollHeight;
    return true;
  };

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
                <MessageRow
                  message={m}
                  grouped={grouped}
                  selfId={selfId}
                  mentions={mentionsIn(m, names, selfId)}
                  highlighted={m.seq === highlighted}
                  tabStop={m.seq === tabStop}
                  onFocus={() => setCurrent(m.seq)}
                  messages={messages}
                  onJump={jumpTo}
                  renderActions={renderActions}
                  editing={m.seq === editingSeq}
                  names={names}
                  renderThread={renderThread}
                />
              </Fragment>
            );
          })}
          {pending.map((p) => (
            <PendingRow key={p.clientId} pending={p} onRetry={onRetry} />
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
