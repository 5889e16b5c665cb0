"use client";

import { useEffect, useId, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import type { AttachmentView, MessageView, ParticipantView, RoomEvent } from "@/lib/platform/schemas";
import { Composer } from "./Composer";
import { MessageRow } from "./MessageRow";
import { mentionsIn } from "./message-layout";
import { SheetBackdrop } from "./RoomSidePanel";
import { type MessageHandlers, useComposerTarget } from "./useComposerTarget";
import { insert } from "./useRoomStream";
import { useUploads } from "./useUploads";

type Props = {
  roomId: string;
  rootSeq: number;
  selfId: string;
  participants: ParticipantView[];
  onClose: () => void;
  /** The room's events as the page's stream delivers them: the thread keeps its replies live from them. */
  subscribe: (listener: (event: RoomEvent) => void) => () => void;
  renderActions: (message: MessageView, handlers: MessageHandlers) => React.ReactNode;
  /** The thread was read up to here (its unread count goes). */
  onRead: () => void;
  maxUploadMb: number;
};

/**
 * A thread beside the room (a sheet over it on a phone): the root, its replies live, and a composer whose
 * replies stay in the thread unless "Also send to the room" is ticked.
 */
export function ThreadPanel({
  roomId,
  rootSeq,
  selfId,
  participants,
  onClose,
  subscribe,
  renderActions,
  onRead,
  maxUploadMb,
}: Props) {
  const [root, setRoot] = useState<MessageView | null>(null);
  const [replies, setReplies] = useState<MessageView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [alsoToRoom, setAlsoToRoom] = useState(false);
  const { replyTo, editing, handlers, clear } = useComposerTarget();
  const [sendError, setSendError] = useState<string | null>(null);
  const uploads = useUploads(roomId, maxUploadMb);
  const titleId = useId();
  const panel = useRef<HTMLElement>(null);
  const lastRead = useRef(0);

  useEffect(() => {
    setRoot(null);
    setReplies([]);
    setError(null);
    // Live first, then the thread so far: a reply that comes meanwhile is in one or both, and kept once.
    const unsubscribe = subscribe((event) => {
      if (event.type !== "message" && event.type !== "message_changed") return;
      const m = event.message;
      if (m.seq === rootSeq) setRoot(m);
      else if (m.threadRootSeq === rootSeq) {
        setReplies((all) => (event.type === "message" ? insert(all, m) : all.map((r) => (r.id === m.id ? m : r))));
      }
    });
    api<{ root: MessageView; messages: MessageView[] }>(`/api/rooms/${roomId}/threads/${rootSeq}?limit=200`)
      .then((thread) => {
        setRoot(thread.root);
        setReplies((all) => thread.messages.reduce(insert, all));
      })
      .catch((err) => setError(err instanceof Error ? err.message : "Could not open the thread"));
    panel.current?.focus();
    return unsubscribe;
  }, [roomId, rootSeq, subscribe]);

  // Read up to the newest reply while the thread is open.
  const newest = replies.at(-1)?.seq ?? 0;
  useEffect(() => {
    if (newest <= lastRead.current) return;
    lastRead.current = newest;
    void api(`/api/rooms/${roomId}/threads/${rootSeq}/read`, { body: { seq: newest } })
      .then(onRead)
      .catch(() => {});
  }, [newest, roomId, rootSeq, onRead]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  const send = async (body: string, attachments: AttachmentView[]) => {
    setSendError(null);
    try {
      if (editing) {
        await api(`/api/messages/${editing.id}`, { method: "PATCH", body: { body } });
      } else {
        const { message } = await api<{ message: MessageView }>(`/api/rooms/${roomId}/messages`, {
          body: {
            body,
            clientId: crypto.randomUUID(),
            threadRootSeq: rootSeq,
            ...(alsoToRoom && { alsoToRoom: true }),
            ...(replyTo && { replyToSeq: replyTo.seq }),
            ...(attachments.length > 0 && { attachmentIds: attachments.map((a) => a.id) }),
          },
        });
        setReplies((all) => insert(all, message));
      }
    } catch (err) {
      setSendError(err instanceof Error ? err.message : "Not sent");
    }
    clear();
  };

  const names = new Map(participants.map((p) => [p.id, p.name]));
  const all = root ? [root, ...replies] : replies;

  return (
    <>
      <SheetBackdrop label="Close the thread" onClose={onClose} />
      <section
        ref={panel}
        tabIndex={-1}
        aria-labelledby={titleId}
        data-testid="thread-panel"
        className="fixed inset-x-0 bottom-0 top-16 z-40 flex flex-col rounded-t-xl border-t border-slate-200 bg-white shadow-xl focus:outline-none md:static md:z-auto md:w-96 md:shrink-0 md:rounded-none md:border-l md:border-t-0 md:shadow-none"
      >
        <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2">
          <h2 id={titleId} className="text-sm font-semibold">
            Thread
            <span className="ml-2 font-normal text-slate-500" data-testid="thread-count">
              {replies.length} {replies.length === 1 ? "reply" : "replies"}
            </span>
          </h2>
          <button
            type="button"
            onClick={onClose}
            className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100"
          >
            Close
          </button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto px-3 py-2">
          {error && <p className="text-sm text-red-600">{error}</p>}
          {!root && !error && <p className="text-sm text-slate-500">Loading the thread…</p>}
          <ol className="space-y-2">
            {all.map((m, i) => (
              <MessageRow
                key={m.seq}
                message={m}
                grouped={false}
                selfId={selfId}
                mentions={mentionsIn(m, names, selfId)}
                highlighted={false}
                tabStop={i === all.length - 1}
                onFocus={() => {}}
                messages={all}
                onJump={() => {}}
                renderActions={(message) => renderActions(message, handlers)}
              />
            ))}
          </ol>
        </div>
        {sendError && (
          <p role="alert" className="px-3 text-xs text-red-600">
            {sendError}
          </p>
        )}
        <Composer
          label="Reply in thread"
          onSend={(body, attachments) => void send(body, attachments)}
          onTyping={() => {}}
          replyTo={replyTo}
          editing={editing}
          onCancel={clear}
          uploads={uploads}
          mentionable={participants
            .filter((p) => p.id !== selfId)
            .map((p) => ({ id: p.id, name: p.name, kind: p.kind }))}
          footer={
            <label className="mt-1 flex items-center gap-2 text-xs text-slate-600">
              <input type="checkbox" checked={alsoToRoom} onChange={(e) => setAlsoToRoom(e.target.checked)} />
              Also send to the room
            </label>
          }
        />
      </section>
    </>
  );
}
