"use client";

import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import { ConnectClaudePanel } from "@/components/agents/ConnectClaudePanel";
import { MetadataPanel, metadataHistoryKey, metadataKey } from "@/components/metadata/MetadataPanel";
import { SearchPanel } from "@/components/search/SearchPanel";
import { api, fetcher } from "@/lib/client/api";
import type { InputMode, MessageView, ParticipantView, RoomEvent } from "@/lib/platform/schemas";
import { Composer } from "./Composer";
import { MentionNotificationToggle, useMentionNotifications } from "./MentionNotifications";
import { MessageList } from "./MessageList";
import { MuteToggle } from "./MuteToggle";
import { RoomActivity } from "./RoomActivity";
import { RoomHeader } from "./RoomHeader";
import { RoomMessageActions, useMyFeedback } from "./RoomMessageActions";
import { RoomPeoplePanel } from "./RoomPeoplePanel";
import { PanelButtons, type PanelId, PanelSection, RoomSidePanel } from "./RoomSidePanel";
import { ThreadPanel } from "./ThreadPanel";
import { ThreadSummary } from "./ThreadSummary";
import { type MessageHandlers, useComposerTarget } from "./useComposerTarget";
import { useNewDivider } from "./useNewDivider";
import { useReadState } from "./useReadState";
import { useRoomStream } from "./useRoomStream";
import { useThreads } from "./useThreads";
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
  maxUploadMb,
}: {
  initial: RoomDetails;
  isAdmin?: boolean;
  /** Open at this message (a search result) rather than at the latest. */
  around?: number;
  /** A search made from this room: its results show beside it. */
  searchQuery?: string;
  /** Open with this thread beside the room (a search result inside a thread). */
  thread?: number;
  /** The server's size limit for one file (ATTACHMENT_MAX_MB). */
  maxUploadMb: number;
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
  const typing = useTypingPeople(roomId);
  const { replyTo, editing, handlers: composerHandlers, clear: clearComposer } = useComposerTarget();
  const [panel, setPanel] = useState<PanelId | null>(null);
  const closePanel = useCallback(() => setPanel(null), []);
  const notifications = useMentionNotifications();
  const uploads = useUploads(roomId, maxUploadMb);
  const threads = useThreads(roomId, openThread ?? null);
  const thread = threads.open;
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
        if (event.message.threadRootSeq !== null) void revalidate(threads.key);
      }
      threads.publish(event);
    },
    [
      mutate,
      revalidate,
      roomId,
      selfId,
      router,
      notifications.notify,
      room.name,
      typing.heard,
      typing.stopped,
      threads.key,
      threads.publish,
    ],
  );

  const stream = useRoomStream(roomId, onEvent, around);
  const feedback = useMyFeedback(roomId);

  // Where the reader was when the page opened (or left the tab): the "New" divider goes before the first
  // message from someone else after it (a reaction also advances the room's counter). Read at mount only.
  const firstUnreadSeq = useNewDivider({
    messages: stream.messages,
    selfId,
    opened: { lastReadSeq: initial.you.lastReadSeq, lastSeq: initial.lastSeq },
  });
  const { unseen, atBottom, setAtBottom } = useReadState({
    roomId,
    roomName: room.name,
    messages: stream.messages,
    selfId,
    openedAt: initial.lastSeq,
  });

  const actionsFor = (message: MessageView, handlers: MessageHandlers) => (
    <RoomMessageActions
      message={message}
      selfId={selfId}
      canDelete={message.sender.id === selfId || isAdmin}
      feedback={feedback}
      handlers={handlers}
      onThread={message.seq === thread ? undefined : () => threads.setOpen(message.seq)}
    />
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
            <ThreadSummary
              message={message}
              names={names}
              unread={threads.unread.get(message.seq) ?? 0}
              onOpen={threads.setOpen}
            />
          )}
          renderActions={(message) => actionsFor(message, composerHandlers)}
        />
        <RoomActivity typing={typing.names} participants={room.participants} />
        <Composer
          replyTo={replyTo}
          editing={editing}
          onCancel={clearComposer}
          onSend={(body, attachments) => {
            if (editing) void api(`/api/messages/${editing.id}`, { method: "PATCH", body: { body } }).catch(() => {});
            else void stream.send(body, { replyToSeq: replyTo?.seq, attachments });
            clearComposer();
          }}
          onTyping={typing.announce}
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
          onClose={threads.close}
          subscribe={threads.subscribe}
          renderActions={actionsFor}
          onRead={threads.refresh}
          maxUploadMb={maxUploadMb}
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
          <RoomPeoplePanel room={room} onChanged={mutate} />
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
