"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import useSWR, { useSWRConfig } from "swr";
import { api, fetcher } from "@/lib/client/api";
import type { InputMode, MessageView, ParticipantView, RoomEvent } from "@/lib/schemas";
import { ConnectClaudePanel } from "@/components/agents/ConnectClaudePanel";
import { FeedbackControls, type MyFeedback } from "@/components/feedback/FeedbackControls";
import { MetadataPanel, metadataHistoryKey, metadataKey } from "@/components/metadata/MetadataPanel";
import { InvitesPanel } from "@/components/rooms/InvitesPanel";
import { Composer } from "./Composer";
import { MessageList } from "./MessageList";
import { AgentWorking } from "./AgentWorking";
import { ParticipantsPanel } from "./ParticipantsPanel";
import { MessageActions } from "./MessageActions";
import { RoomHeader } from "./RoomHeader";
import { PanelButtons, type PanelId, PanelSection, RoomSidePanel } from "./RoomSidePanel";
import { MentionNotificationToggle, useMentionNotifications } from "./MentionNotifications";
import { useRoomStream } from "./useRoomStream";

export type RoomDetails = {
  id: string;
  name: string;
  lastSeq: number;
  you: { participantId: string; role: "owner" | "member"; lastReadSeq: number };
  participants: ParticipantView[];
  mode: InputMode;
};

const TYPING_TTL_MS = 6000;

export function RoomView({
  initial,
  isAdmin = false,
  around,
}: {
  initial: RoomDetails;
  isAdmin?: boolean;
  /** Open at this message (a search result) rather than at the latest. */
  around?: number;
}) {
  const roomId = initial.id;
  // Re-read now and then too: an agent goes offline a minute after its last call, with no event to say so.
  const { data, mutate } = useSWR<{ room: RoomDetails }>(`/api/rooms/${roomId}`, fetcher, { fallbackData: { room: initial }, refreshInterval: 30_000 });
  const room = data?.room ?? initial;
  const selfId = room.you.participantId;
  const { mutate: revalidate } = useSWRConfig();
  const router = useRouter();
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [editing, setEditing] = useState<MessageView | null>(null);
  const [panel, setPanel] = useState<PanelId | null>(null);
  const closePanel = useCallback(() => setPanel(null), []);
  const notifications = useMentionNotifications();

  const onEvent = useCallback(
    (event: RoomEvent) => {
      // Left in another tab, or removed: this page has nothing more to show.
      if (event.type === "participants" && event.left?.includes(selfId)) router.push("/rooms");
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
      if (event.type === "typing" && event.participantId !== selfId) {
        setTyping((current) => {
          const next = { ...current };
          if (event.typing) next[event.participantId] = { name: event.name, until: Date.now() + TYPING_TTL_MS };
          else delete next[event.participantId];
          return next;
        });
      }
      if (event.type === "message") {
        notifications.notify(event.message, selfId, room.name);
        setTyping((current) => {
          if (!current[event.message.sender.id]) return current;
          const { [event.message.sender.id]: _, ...rest } = current;
          return rest;
        });
      }
    },
    [mutate, revalidate, roomId, selfId, router, notifications.notify, room.name],
  );

  const stream = useRoomStream(roomId, onEvent, around);
  const feedback = useSWR<{ feedback: MyFeedback[] }>(`/api/rooms/${roomId}/feedback`, fetcher);
  const myFeedback = new Map(feedback.data?.feedback.map((f) => [f.messageId, f]));

  useEffect(() => {
    const timer = setInterval(() => {
      setTyping((current) => {
        const now = Date.now();
        const live = Object.entries(current).filter(([, t]) => t.until > now);
        return live.length === Object.keys(current).length ? current : Object.fromEntries(live);
      });
    }, 1000);
    return () => clearInterval(timer);
  }, []);

  // Where the reader was when the page opened: the "New" divider goes before the first message from someone
  // else after it, if the room had such messages then (a reaction also advances the room's counter).
  const opened = useRef({ lastReadSeq: initial.you.lastReadSeq, lastSeq: initial.lastSeq });
  const firstUnreadSeq =
    stream.messages.find(
      (m) => m.seq > opened.current.lastReadSeq && m.seq <= opened.current.lastSeq && m.sender.id !== selfId,
    )?.seq ?? null;

  // What the reader has seen: everything, once the tab is visible and the list is at the bottom.
  const lastSeq = stream.messages[stream.messages.length - 1]?.seq ?? 0;
  const [atBottom, setAtBottom] = useState(true);
  const [visible, setVisible] = useState(true);
  const [seenSeq, setSeenSeq] = useState(initial.lastSeq);
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === "visible");
    update();
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);
  useEffect(() => {
    if (visible && atBottom && lastSeq > seenSeq) setSeenSeq(lastSeq);
  }, [visible, atBottom, lastSeq, seenSeq]);
  const unseen = stream.messages.filter((m) => m.seq > seenSeq && m.kind === "text" && m.sender.id !== selfId).length;

  useEffect(() => {
    const title = `${room.name} · Parley`;
    document.title = unseen > 0 ? `(${unseen}) ${title}` : title;
  }, [unseen, room.name]);
  useEffect(() => () => void (document.title = "Parley"), []);

  // Tell the server what this person has read (seen at the bottom of the list), at most once a second.
  const readSent = useRef(0);
  useEffect(() => {
    if (!visible || !atBottom || lastSeq <= readSent.current) return;
    const timer = setTimeout(() => {
      readSent.current = lastSeq;
      void fetch(`/api/rooms/${roomId}/read`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ seq: lastSeq }),
      });
    }, 1000);
    return () => clearTimeout(timer);
  }, [visible, atBottom, lastSeq, roomId]);

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

  const typingNames = Object.values(typing).map((t) => t.name);

  return (
    // data-room-view: the page's stream waits for this room to join it (lib/client/page-stream)
    <div className="flex min-h-0 min-w-0 flex-1" data-room-view={roomId}>
      <div className="flex min-h-0 min-w-0 flex-1 flex-col">
        <RoomHeader
          roomId={roomId}
          name={room.name}
          isOwner={room.you.role === "owner"}
          onRenamed={() => void mutate()}
          actions={<MentionNotificationToggle {...notifications} />}
          panels={<PanelButtons onOpen={setPanel} count={room.participants.length} />}
        />
        {stream.connection.state === "reconnecting" && (
          <div role="status" data-testid="connection-status" className="bg-amber-50 px-4 py-1 text-xs text-amber-800">
            Reconnecting… (next try in {stream.connection.retryInSeconds} s). Messages sent meanwhile will appear once we are back.
          </div>
        )}
        <MessageList
          messages={stream.messages}
          pending={stream.pending}
          loaded={stream.loaded}
          hasOlder={stream.hasOlder}
          loadOlder={stream.loadOlder}
          onRetry={(p) => void stream.send(p.body, { clientId: p.clientId })}
          selfId={selfId}
          participants={room.participants}
          firstUnreadSeq={firstUnreadSeq}
          anchorSeq={around}
          unseen={atBottom ? 0 : unseen}
          onAtBottom={setAtBottom}
          onOpenAt={(seq) => router.push(`/rooms/${roomId}?around=${seq}`)}
          renderActions={(message) => (
            <div className="flex items-center gap-2">
              {message.sender.kind === "agent" && !message.redacted && (
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
                onReply={(m) => {
                  setEditing(null);
                  setReplyTo(m);
                }}
                onEdit={(m) => {
                  setReplyTo(null);
                  setEditing(m);
                }}
              />
            </div>
          )}
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
          onCancel={() => {
            setReplyTo(null);
            setEditing(null);
          }}
          onSend={(body) => {
            if (editing) void api(`/api/messages/${editing.id}`, { method: "PATCH", body: { body } }).catch(() => {});
            else void stream.send(body, { replyToSeq: replyTo?.seq });
            setReplyTo(null);
            setEditing(null);
          }}
          onTyping={announceTyping}
          autoFocus
          mentionable={room.participants
            .filter((p) => p.id !== selfId)
            .map((p) => ({ id: p.id, name: p.name, kind: p.kind }))}
        />
      </div>
      <RoomSidePanel
        open={panel}
        onClose={closePanel}
        header={
          <p className="text-xs text-slate-500" data-testid="live-state">
            {stream.connection.state === "live" ? "● Live" : stream.connection.state === "connecting" ? "Connecting…" : "Offline"}
          </p>
        }
      >
        <PanelSection panel="participants">
          <ParticipantsPanel
            participants={room.participants}
            mode={room.mode}
            owner={
              room.you.role === "owner"
                ? {
                    onRemove: async (participantId) => {
                      await api(`/api/rooms/${roomId}/participants/${participantId}`, { method: "DELETE" });
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
          {room.you.role === "owner" && <InvitesPanel roomId={roomId} />}
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
