"use client";

import { useEffect, useRef, useState } from "react";
import type { MessageView } from "@/lib/platform/schemas";

/**
 * Where the red "New" line goes: before the first message from someone else that the reader had not read
 * when the page opened, or, once they come back to a hidden tab, before the first that arrived while it was
 * hidden (the list followed them in the background, so nothing else would show where they left off).
 */
export function useNewDivider({
  messages,
  selfId,
  opened,
}: {
  messages: MessageView[];
  selfId: string;
  /** The reader's read position and the room's last seq when the page opened (read at mount only). */
  opened: { lastReadSeq: number; lastSeq: number };
}): number | null {
  const [range, setRange] = useState({ after: opened.lastReadSeq, upTo: opened.lastSeq });
  const latest = useRef(messages);
  latest.current = messages;

  useEffect(() => {
    let hiddenAfter: number | null = null;
    const onChange = () => {
      const lastSeq = latest.current.at(-1)?.seq ?? 0;
      if (document.visibilityState === "hidden") hiddenAfter = lastSeq;
      else if (hiddenAfter !== null) {
        const after = hiddenAfter;
        hiddenAfter = null;
        const arrived = latest.current.some((m) => m.seq > after && m.kind === "text" && m.sender.id !== selfId);
        if (arrived) setRange({ after, upTo: Number.POSITIVE_INFINITY });
      }
    };
    document.addEventListener("visibilitychange", onChange);
    return () => document.removeEventListener("visibilitychange", onChange);
  }, [selfId]);

  return messages.find((m) => m.seq > range.after && m.seq <= range.upTo && m.sender.id !== selfId)?.seq ?? null;
}
