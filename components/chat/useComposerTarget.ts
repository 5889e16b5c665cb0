"use client";

import { useState } from "react";
import type { MessageView } from "@/lib/platform/schemas";

export type MessageHandlers = { onReply: (m: MessageView) => void; onEdit: (m: MessageView) => void };

/** What a composer is writing: a reply to a message, an edit of one, or (neither) a new message. */
export function useComposerTarget() {
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [editing, setEditing] = useState<MessageView | null>(null);
  const handlers: MessageHandlers = {
    onReply: (m) => {
      setEditing(null);
      setReplyTo(m);
    },
    onEdit: (m) => {
      setReplyTo(null);
      setEditing(m);
    },
  };
  const clear = () => {
    setReplyTo(null);
    setEditing(null);
  };
  return { replyTo, editing, handlers, clear };
}
