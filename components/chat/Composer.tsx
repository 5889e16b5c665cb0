"use client";

import { type KeyboardEvent, useRef, useState } from "react";
import { MAX_MESSAGE_LENGTH } from "@/lib/schemas";

type Props = { onSend: (body: string) => void; onTyping: (typing: boolean) => void };

const TYPING_REFRESH_MS = 3000;

/** Enter sends, Shift+Enter adds a line. Typing is announced at most every 3 s. */
export function Composer({ onSend, onTyping }: Props) {
  const [body, setBody] = useState("");
  const lastTyping = useRef(0);
  const tooLong = body.length > MAX_MESSAGE_LENGTH;

  const submit = () => {
    const text = body.trim();
    if (!text || tooLong) return;
    onSend(text);
    setBody("");
    lastTyping.current = 0;
    onTyping(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const onChange = (value: string) => {
    setBody(value);
    const now = Date.now();
    if (value && now - lastTyping.current > TYPING_REFRESH_MS) {
      lastTyping.current = now;
      onTyping(true);
    }
  };

  return (
    <form
      className="sticky bottom-0 border-t border-slate-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex items-end gap-2">
        <textarea
          aria-label="Message"
          placeholder="Write a message… (Enter to send, Shift+Enter for a new line)"
          rows={Math.min(6, body.split("\n").length)}
          value={body}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          className="min-h-[2.5rem] flex-1 resize-none rounded border border-slate-300 px-3 py-2 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
        />
        <button
          type="submit"
          disabled={!body.trim() || tooLong}
          className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
        >
          Send
        </button>
      </div>
      {tooLong && (
        <p className="mt-1 text-xs text-red-600">
          {body.length.toLocaleString()} / {MAX_MESSAGE_LENGTH.toLocaleString()} characters: shorten the message to send it.
        </p>
      )}
    </form>
  );
}
