"use client";

import { useEffect, useRef, useState } from "react";
import type { MessageView } from "@/lib/platform/schemas";

/**
 * What the reader has read of a room: the count of messages from others they have not seen (in the tab's
 * title too), and the read marker sent to the server. A message is seen once the tab is visible and the
 * list is at the bottom.
 */
export function useReadState({
  roomId,
  roomName,
  messages,
  selfId,
  openedAt,
}: {
  roomId: string;
  roomName: string;
  messages: MessageView[];
  selfId: string;
  /** The room's last seq when the page opened: what came before counts as seen. */
  openedAt: number;
}) {
  const lastSeq = messages[messages.length - 1]?.seq ?? 0;
  const [atBottom, setAtBottom] = useState(true);
  const [visible, setVisible] = useState(true);
  const [seenSeq, setSeenSeq] = useState(openedAt);
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === "visible");
    update();
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);
  useEffect(() => {
    if (visible && atBottom && lastSeq > seenSeq) setSeenSeq(lastSeq);
  }, [visible, atBottom, lastSeq, seenSeq]);
  const unseen = messages.filter((m) => m.seq > seenSeq && m.kind === "text" && m.sender.id !== selfId).length;

  useEffect(() => {
    const title = `${roomName} · Parley`;
    document.title = unseen > 0 ? `(${unseen}) ${title}` : title;
  }, [unseen, roomName]);

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

  return { unseen, atBottom, setAtBottom };
}
