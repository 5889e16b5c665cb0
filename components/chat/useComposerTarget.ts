"use client";

import { useMemo, useState } from "react";
import type { MessageView } from "@/lib/platform/schemas";

export type MessageHandlers = { onReply: (m: MessageView) => void; onEdit: (m: MessageView) => void };

/** What a composer is writing: a reply to a message, an edit of one, or (neither) a new message. */
export function useComposerTarget() {
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [editing, setEditing] = useState<MessageView | null>(null);
  // The same functions on every render: they only set state.
  const { handlers, clear } = useMemo(
    () => ({
      handlers: {
        onReply: (m: MessageView) => {
          setEditing(null);
          setReplyTo(m);
        },
        onEdit: (m: MessageView) => {
          setReplyTo(null);
          setEditing(m);
        },
      } satisfies MessageHandlers,
      clear: () => {
        setReplyTo(null);
        setEditing(null);
      },
    }),
    [],
  );
  return { replyTo, editing, handlers, clear };
}
