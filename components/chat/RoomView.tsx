"use client";

import { useRouter } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import { ConnectClaudePanel } from "@/components/agents/ConnectClaudePanel";
import { FeedbackControls, type MyFeedback } from "@/components/feedback/FeedbackControls";
import { MetadataPanel, metadataHistoryKey, metadataKey } from "@/components/metadata/MetadataPanel";
import { InvitesPanel } from "@/components/rooms/InvitesPanel";
import { SearchPanel } from "@/components/search/SearchPanel";
import { api, fetcher } from "@/lib/client/api";
import type { InputMode, MessageView, ParticipantView, RoomEvent } from "@/lib/platform/schemas";
import { AgentWorking } from "./AgentWorking";
import { Composer } from "./Composer";
import { MentionNotificationToggle, useMentionNotifications } from "./MentionNotifications";
import { MessageActions } from "./MessageActions";
import { MessageList } from "./MessageList";
import { ParticipantsPanel } from "./ParticipantsPanel";
import { RoomHeader } from "./RoomHeader";
import { PanelButtons, type PanelId, PanelSection, RoomSidePanel } from "./RoomSidePanel";
import { MuteToggle } from "./MuteToggle";
import { useNewDivider } from "./useNewDivider";
import { ThreadPanel } from "./ThreadPanel";
import { ThreadSummary } from "./ThreadSummary";
import { useReadState } from "./useReadState";
import { useRoomStream } from "./useRoomStream";
import { type MessageHandlers, useComposerTarget } from "./useComposerTarget";
import { useTypingPeople } from "./useTypingPeople";
import { useUploads } from "./useUploads";

export type RoomDetails = {
  id: string;
  name: string;
  direct?: boolean;
  lastSeq: number;
  you: { participantId: string; role: "owner" | "member"; lastReadSeq: number; muted?: boolean };
  participants: ParticipantView[];
  mode: InputMode;
};

export function RoomView({
  initial,
  isAdmin = false,
  around,
  searchQuery,
  thread: openThread,
}: {
  initial: RoomDetails;
  isAdmin?: boolean;
  /** Open at this message (a search result) rather than at the latest. */
  around?: number;
  /** A search made from this room: its results show beside it. */
  searchQuery?: string;
  /** Open with this thread beside the room (a search result inside a thread). */
  thread?: number;
}) {
  const roomId = initial.id;
  // Re-read now and then too: an agent goes offline a minute after its last call, with no event to say so.
  const { data, mutate } = useSWR<{ room: RoomDetails }>(`/api/rooms/${roomId}`, fetcher, {
    fallbackData: { room: initial },
    refreshInterval: 30_000,
  });
  const room = data?.room ?? initial;
  const selfId = room.you.participantId;
  const { mutate: revalidate } = useSWRConfig();
  const router = useRouter();
  const typing = useTypingPeople();
  const { replyTo, editing, handlers: composerHandlers, clear: clearComposer } = useComposerTarget();
  const [panel, setPanel] = useState<PanelId | null>(null);
  const closePanel = useCallback(() => setPanel(null), []);
  const notifications = useMentionNotifications();
  const uploads = useUploads(roomId);
  const [thread, setThread] = useState<number | null>(openThread ?? null);
  const closeThread = useCallback(() => setThread(null), []);
  // The open thread hears the room's events from here (the page has one stream).
  const threadListeners = useRef(new Set<(event: RoomEvent) => void>());
  const subscribeThread = useCallback((listener: (event: RoomEvent) => void) => {
    threadListeners.current.add(listener);
    return () => void threadListeners.current.delete(listener);
  }, []);
  const threads = useSWR<{ threads: { rootSeq: number; unread: number }[] }>(`/api/rooms/${roomId}/threads`, fetcher);
  const threadUnread = new Map(threads.data?.threads.map((t) => [t.rootSeq, t.unread]));
  const names = useMemo(() => new Map(room.participants.map((p) => [p.id, p.name])), [room.participants]);

  const onEvent = useCallback(
    (event: RoomEvent) => {
      // Left in another tab, or removed: this page has nothing more to show.
      if (event.type === "participants" && event.left?.includes(selfId)) {
        // The rooms list drops it now, not at its next refresh.
        void revalidate("/api/rooms");
        router.push("/rooms");
      }
      if (
        event.type === "participants" ||
        event.type === "presence" ||
        event.type === "room" ||
        event.type === "agent_working"
      )
        void mutate();
      if (event.type === "metadata") {
        void revalidate(metadataKey(roomId));
        void revalidate(metadataHistoryKey(roomId));
      }
      if (event.type === "typing" && event.participantId !== selfId) typing.heard(event);
      if (event.type === "message") {
        notifications.notify(event.message, selfId, room.name);
        typing.stopped(event.message.sender.id);
        if (event.message.threadRootSeq !== null) void revalidate(`/api/rooms/${roomId}/threads`);
      }
      for (const listener of threadListeners.current) listener(event);
    },
    [mutate, revalidate, roomId, selfId, router, notifications.notify, room.name, typing.heard, typing.stopped],
  );

  const stream = useRoomStream(roomId, onEvent, around);
  const feedback = useSWR<{ feedback: MyFeedback[] }>(`/api/rooms/${roomId}/feedback`, fetcher);
  const myFeedback = new Map(feedback.data?.feedback.map((f) => [f.messageId, f]));

  // Where the reader was when the page opened (or left the tab): the "New" divider goes before the first
  // message from someone else after it (a reaction also advances the room's counter).
  const opened = useRef({ lastReadSeq: initial.you.lastReadSeq, lastSeq: initial.lastSeq });
  const firstUnreadSeq = useNewDivider({ messages: stream.messages, selfId, opened: opened.current });
  const { unseen, atBottom, setAtBottom } = useReadState({
    roomId,
    roomName: room.name,
    messages: stream.messages,
    selfId,
    openedAt: initial.lastSeq,
  });

  const announceTyping = useCallback(
    (isTyping: boolean) => {
      void fetch(`/api/rooms/${roomId}/typing`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ typing: isTyping }),
      });
    },
    [roomId],
  );

  const typingNames = typing.names;

  /** Feedback, reply, react, edit, delete, and on the room's timeline "Reply in thread". */
  const actionsFor = (message: MessageView, { onReply, onEdit }: MessageHandlers) => (
    <div className="flex items-center gap-2">
      {/* A notice (an error, a spent budget) is not a reply to rate; a draft is not one yet. */}
      {message.sender.kind === "agent" && !message.redacted && !message.notice && !message.draft && (
        <FeedbackControls
          messageId={message.id}
          current={myFeedback.get(message.id)}
          onSaved={(saved) =>
            void feedback.mutate(
              (current) => ({
                feedback: [...(current?.feedback ?? []).filter((f) => f.messageId !== message.id), ...(saved ? [saved] : [])],
              }),
              { revalidate: false },
            )
          }
        />
      )}
      <MessageActions
        message={message}
        selfId={selfId}
        canDelete={message.sender.id === selfId || isAdmin}
        onReply={onReply}
        onEdit={onEdit}
      />
      {message.kind === "text" && !message.redacted && message.threadRootSeq === null && message.seq !== thread && (
        <button
          type="button"
          aria-label={`Reply in thread to #${message.seq}`}
          onClick={() => setThread(message.seq)}
          className="rounded px-1 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-800"
        >
          Reply in thread
        </button>
      )}
    </div>
  );

  return (
    // data-room-view: the page's stream waits for this room to join it (lib/client/page-stream)
    <div className="flex min-h-0 min-w-0 flex-1" data-room-view={roomId}>
      <div className="flex min-h-0 min-w-0 flex-1 flex-col">
        <RoomHeader
          roomId={roomId}
          name={room.name}
          isOwner={room.you.role === "owner"}
          onRenamed={() => void mutate()}
          actions={
            <>
              <PanelButtons onOpen={setPanel} count={room.participants.length} only={["metadata", "connect"]} />
              <MentionNotificationToggle {...notifications} />
              <MuteToggle roomId={roomId} muted={Boolean(room.you.muted)} onChanged={() => void mutate()} />
            </>
          }
          panels={<PanelButtons onOpen={setPanel} count={room.participants.length} only={["participants"]} />}
        />
        {stream.connection.state === "reconnecting" && (
          <div role="status" data-testid="connection-status" className="bg-amber-50 px-4 py-1 text-xs text-amber-800">
            Reconnecting… (next try in {stream.connection.retryInSeconds} s). Messages sent meanwhile will appear once
            we are back.
          </div>
        )}
        <MessageList
          messages={stream.messages}
          pending={stream.pending}
          loaded={stream.loaded}
          hasOlder={stream.hasOlder}
          loadOlder={stream.loadOlder}
          onRetry={(p) => void stream.send(p.body, { clientId: p.clientId, attachments: p.attachments })}
          selfId={selfId}
          participants={room.participants}
          firstUnreadSeq={firstUnreadSeq}
          anchorSeq={around}
          unseen={atBottom ? 0 : unseen}
          onAtBottom={setAtBottom}
          onOpenAt={(seq) => router.push(`/rooms/${roomId}?around=${seq}`)}
          editingSeq={editing?.seq}
          renderThread={(message) => (
            <ThreadSummary message={message} names={names} unread={threadUnread.get(message.seq) ?? 0} onOpen={setThread} />
          )}
          renderActions={(message) => actionsFor(message, composerHandlers)}
        />
        <p className="flex h-5 gap-3 px-4 text-xs text-slate-600">
          <span data-testid="typing">
            {typingNames.length > 0 && `${typingNames.join(", ")} ${typingNames.length === 1 ? "is" : "are"} typing…`}
          </span>
          <AgentWorking participants={room.participants} />
        </p>
        <Composer
          replyTo={replyTo}
          editing={editing}
          onCancel={clearComposer}
          onSend={(body, attachments) => {
            if (editing) void api(`/api/messages/${editing.id}`, { method: "PATCH", body: { body } }).catch(() => {});
            else void stream.send(body, { replyToSeq: replyTo?.seq, attachments });
            clearComposer();
          }}
          onTyping={announceTyping}
          uploads={uploads}
          autoFocus
          onEditLast={() => {
            const last = stream.messages.findLast(
              (m) => m.sender.id === selfId && m.kind === "text" && !m.redacted && m.threadRootSeq === null,
            );
            if (last) composerHandlers.onEdit(last);
          }}
          mentionable={room.participants
            .filter((p) => p.id !== selfId)
            .map((p) => ({ id: p.id, name: p.name, kind: p.kind }))}
        />
      </div>
      {searchQuery && thread === null && (
        <SearchPanel
          q={searchQuery}
          onClose={() => router.push(`/rooms/${roomId}${around ? `?around=${around}` : ""}`)}
        />
      )}
      {thread !== null && (
        <ThreadPanel
          key={thread}
          roomId={roomId}
          rootSeq={thread}
          selfId={selfId}
          participants={room.participants}
          onClose={closeThread}
          subscribe={subscribeThread}
          renderActions={actionsFor}
          onRead={() => void threads.mutate()}
        />
      )}
      {/* A thread, or search results, take the place of the room's panels while open. */}
      <RoomSidePanel
        hidden={thread !== null || Boolean(searchQuery)}
        open={panel}
        onClose={closePanel}
        header={
          <p className="text-xs text-slate-500" data-testid="live-state">
            {stream.connection.state === "live"
              ? "● Live"
              : stream.connection.state === "connecting"
                ? "Connecting…"
                : "Offline"}
          </p>
        }
      >
        <PanelSection panel="participants">
          <ParticipantsPanel
            participants={room.participants}
            mode={room.mode}
            selfId={selfId}
            onMessage={
              room.direct
                ? undefined
                : (p) =>
                    void api<{ room: { id: string } }>("/api/dms", { body: p.agentId ? { agentId: p.agentId } : { userId: p.userId } })
                      .then(({ room: dm }) => {
                        // A new direct room is in the rooms list at once.
                        void revalidate("/api/rooms");
                        router.push(`/rooms/${dm.id}`);
                      })
                      .catch(() => {})
            }
            owner={
              room.you.role === "owner"
                ? {
                    onRemove: async (participantId) => {
                      await api(`/api/rooms/${roomId}/participants/${participantId}`, { method: "DELETE" });
                      await mutate();
                    },
                    onRemovePerson: room.direct
                      ? undefined
                      : async (userId) => {
                          await api(`/api/rooms/${roomId}/members/${userId}`, { method: "DELETE" });
                          await mutate();
                        },
                    onReplyRule: async (participantId, replyRule) => {
                      await api(`/api/rooms/${roomId}/participants/${participantId}`, {
                        method: "PATCH",
                        body: { replyRule },
                      });
                      await mutate();
                    },
                  }
                : undefined
            }
          />
          {room.you.role === "owner" && !room.direct && <InvitesPanel roomId={roomId} />}
        </PanelSection>
        <PanelSection panel="metadata">
          <MetadataPanel roomId={roomId} isOwner={room.you.role === "owner"} />
        </PanelSection>
        <PanelSection panel="connect">
          <ConnectClaudePanel roomId={roomId} roomName={room.name} onAdded={() => void mutate()} />
        </PanelSection>
      </RoomSidePanel>
    </div>
  );
}
