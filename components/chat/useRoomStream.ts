"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import { followOnPage } from "@/lib/client/page-stream";
import type { AttachmentView, MessageView, RoomEvent } from "@/lib/platform/schemas";

export type Connection = { state: "connecting" | "live" | "reconnecting"; retryInSeconds?: number };
export type PendingMessage = {
  clientId: string;
  body: string;
  status: "sending" | "failed";
  error?: string;
  attachments?: AttachmentView[];
};

type State = { messages: MessageView[]; pending: PendingMessage[]; hasOlder: boolean; loaded: boolean };

type Action =
  | { type: "initial"; messages: MessageView[]; hasOlder: boolean }
  | { type: "older"; messages: MessageView[]; hasOlder: boolean }
  | { type: "message"; message: MessageView }
  | { type: "replace"; message: MessageView }
  | { type: "pending"; pending: PendingMessage }
  | { type: "failed"; clientId: string; error: string };

const PAGE = 50;

/**
 * A thread reply counted on its root, once: replies come in seq order, and the root's summary knows the last
 * one it counted (a root read after the reply, or a replay of the reply, changes nothing).
 */
function foldReply(messages: MessageView[], reply: MessageView): MessageView[] {
  return messages.map((root) => {
    if (root.seq !== reply.threadRootSeq || reply.seq <= (root.thread?.lastReplySeq ?? 0)) return root;
    const ids = root.thread?.participantIds ?? [];
    return {
      ...root,
      thread: {
        rootSeq: root.seq,
        replyCount: (root.thread?.replyCount ?? 0) + 1,
        lastReplyAt: reply.createdAt,
        lastReplySeq: reply.seq,
        participantIds: ids.includes(reply.sender.id) ? ids : [...ids, reply.sender.id],
      },
    };
  });
}

/** Inserts by seq, once: the same message can arrive from the POST response, the stream and a replay. */
export function insert(messages: MessageView[], message: MessageView): MessageView[] {
  const last = messages[messages.length - 1];
  if (!last || message.seq > last.seq) return [...messages, message];
  const index = messages.findIndex((m) => m.seq >= message.seq);
  if (messages[index]?.seq === message.seq) {
    const next = [...messages];
    next[index] = message; // a redaction or edit replaces the stored copy
    return next;
  }
  return [...messages.slice(0, index), message, ...messages.slice(index)];
}

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case "initial":
      return {
        ...state,
        messages: action.messages.reduce(insert, state.messages),
        hasOlder: action.hasOlder,
        loaded: true,
      };
    case "older":
      return { ...state, messages: action.messages.reduce(insert, state.messages), hasOlder: action.hasOlder };
    case "message": {
      const m = action.message;
      const pending = state.pending.filter((p) => p.clientId !== m.clientId);
      // A thread reply shows on its root (and in the timeline only when also sent to the room).
      if (m.threadRootSeq !== null) {
        const folded = foldReply(state.messages, m);
        return { ...state, messages: m.alsoToRoom ? insert(folded, m) : folded, pending };
      }
      return { ...state, messages: insert(state.messages, m), pending };
    }
    case "replace":
      // Only a copy this page holds: inserting an older message would leave a hole before it.
      return { ...state, messages: state.messages.map((m) => (m.id === action.message.id ? action.message : m)) };
    case "pending":
      return {
        ...state,
        pending: [...state.pending.filter((p) => p.clientId !== action.pending.clientId), action.pending],
      };
    case "failed":
      return {
        ...state,
        pending: state.pending.map((p) =>
          p.clientId === action.clientId ? { ...p, status: "failed", error: action.error } : p,
        ),
      };
  }
}

/**
 * A room's messages, kept live over the page's stream. On any stream error it reconnects with exponential
 * backoff (1 s, 2 s, 4 s … 30 s) from the last seq it holds, so nothing is missed and nothing repeats.
 */
export function useRoomStream(roomId: string, onEvent: (event: RoomEvent) => void, around?: number) {
  const [state, dispatch] = useReducer(reducer, { messages: [], pending: [], hasOlder: false, loaded: false });
  const [connection, setConnection] = useState<Connection>({ state: "connecting" });
  // The last number of the room's history this page has from the stream (messages and changes): only the
  // stream advances it, so a reply to a POST arriving first cannot make a reconnection skip what is between.
  const lastSeq = useRef(0);
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  useEffect(() => {
    // The room is one of the things this page's one stream carries (lib/client/page-stream). It waits for
    // the first page, then resumes from the last seq the page holds: nothing missed, nothing repeated.
    const follow = followOnPage(
      { room: roomId, after: () => lastSeq.current },
      {
        message(e) {
          const event = JSON.parse(e.data) as Extract<RoomEvent, { type: "message" }>;
          if (event.message.seq > lastSeq.current) lastSeq.current = event.message.seq;
          dispatch({ type: "message", message: event.message });
          onEventRef.current(event);
        },
        // An edit, deletion or reaction: the message as it is now replaces the copy held (same id and seq).
        message_changed(e) {
          const event = JSON.parse(e.data) as Extract<RoomEvent, { type: "message_changed" }>;
          if (event.seq > lastSeq.current) lastSeq.current = event.seq;
          dispatch({ type: "replace", message: event.message });
          onEventRef.current(event);
        },
        ...Object.fromEntries(
          (["participants", "typing", "presence", "agent_working", "room", "metadata"] as const).map((type) => [
            type,
            (e: MessageEvent) => onEventRef.current(JSON.parse(e.data) as RoomEvent),
          ]),
        ),
        ready: () => setConnection({ state: "live" }),
      },
      { held: true, onDrop: (ms) => setConnection({ state: "reconnecting", retryInSeconds: Math.round(ms / 1000) }) },
    );
    let stopped = false;

    (async () => {
      try {
        // Opened at a message (a search result): the page around it; the stream's replay brings what follows.
        const at = around ? `&around=${around}` : "";
        const { messages } = await api<{ messages: MessageView[] }>(`/api/rooms/${roomId}/messages?limit=${PAGE}${at}`);
        dispatch({ type: "initial", messages, hasOlder: messages.length === PAGE });
        lastSeq.current = messages[messages.length - 1]?.seq ?? 0;
      } catch {
        // The stream's replay fills in whatever this first page could not.
        dispatch({ type: "initial", messages: [], hasOlder: false });
      }
      if (!stopped) follow.release();
    })();

    return () => {
      stopped = true;
      follow.close();
    };
  }, [roomId, around]);

  const loadOlder = useCallback(async () => {
    const oldest = state.messages[0];
    if (!oldest || !state.hasOlder) return;
    const { messages } = await api<{ messages: MessageView[] }>(
      `/api/rooms/${roomId}/messages?before=${oldest.seq}&limit=${PAGE}`,
    );
    dispatch({ type: "older", messages, hasOlder: messages.length === PAGE });
  }, [roomId, state.messages, state.hasOlder]);

  const send = useCallback(
    async (
      body: string,
      {
        clientId = crypto.randomUUID(),
        replyToSeq,
        attachments = [],
      }: { clientId?: string; replyToSeq?: number; attachments?: AttachmentView[] } = {},
    ) => {
      dispatch({ type: "pending", pending: { clientId, body, status: "sending", attachments } });
      try {
        const { message } = await api<{ message: MessageView }>(`/api/rooms/${roomId}/messages`, {
          body: {
            body,
            clientId,
            ...(replyToSeq && { replyToSeq }),
            ...(attachments.length > 0 && { attachmentIds: attachments.map((a) => a.id) }),
          },
        });
        dispatch({ type: "message", message });
      } catch (err) {
        dispatch({ type: "failed", clientId, error: err instanceof Error ? err.message : "Not sent" });
      }
    },
    [roomId],
  );

  return { ...state, connection, loadOlder, send };
}
