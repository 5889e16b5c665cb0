"use client";

import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { PaperclipIcon } from "@/components/ui/icons";
import { plainText } from "@/lib/client/plain-text";
import { type AttachmentView, MAX_MESSAGE_LENGTH, type MessageView } from "@/lib/platform/schemas";
import { UploadTray } from "./Attachments";
import { emojiForShortcode, loadEmoji } from "./emoji-data";
import { type MentionCandidate, MentionList, useMentionPicker } from "./MentionPicker";
import type { Uploads } from "./useUploads";

/**
 * Replaces a `:shortcode:` just typed before the caret by its emoji (`:tada:` → 🎉), outside code. The emoji
 * data loads at the first ":" typed; a code typed before it has loaded stays as text.
 */
function withShortcode(value: string, caret: number): { value: string; caret: number } | null {
  const before = value.slice(0, caret);
  const match = before.match(/:([a-z0-9_+-]{2,40}):$/i);
  if (!match) return null;
  const fences = before.split("```").length - 1;
  const ticks = before.replace(/```/g, "").split("`").length - 1;
  if (fences % 2 === 1 || ticks % 2 === 1) return null;
  const emoji = emojiForShortcode(match[1]);
  if (!emoji) return null;
  const start = caret - match[0].length;
  return { value: value.slice(0, start) + emoji + value.slice(caret), caret: start + emoji.length };
}

type Props = {
  onSend: (body: string, attachments: AttachmentView[]) => void;
  onTyping: (typing: boolean) => void;
  /** The message being answered, or being edited (its text fills the box); onCancel leaves either. */
  replyTo?: MessageView | null;
  editing?: MessageView | null;
  onCancel?: () => void;
  /** Who "@" offers: the room's other people and agents. */
  mentionable?: MentionCandidate[];
  /** Take the focus when shown: opening a room means writing in it. */
  autoFocus?: boolean;
  /** ↑ in an empty box: edit your last message, as chat apps do. */
  onEditLast?: () => void;
  /** Files for the message: added by the Attach button, by dropping them here, or by pasting an image. */
  uploads?: Uploads;
  /** Under the box, e.g. a thread's "also send to the room". */
  footer?: ReactNode;
  label?: string;
};

const TYPING_REFRESH_MS = 3000;

/** Enter sends, Shift+Enter adds a line, "@" offers the room's participants. Typing is announced at most every 3 s. */
export function Composer({
  onSend,
  onTyping,
  replyTo,
  editing,
  onCancel,
  mentionable = [],
  autoFocus = false,
  uploads,
  footer,
  label = "Message",
  onEditLast,
}: Props) {
  const [body, setBody] = useState("");
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const files = editing ? [] : (uploads?.ready ?? []);
  const uploading = !editing && (uploads?.busy ?? false);
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useMentionPicker(mentionable);
  const listId = useId();
  const hintId = useId();
  useEffect(() => {
    if (autoFocus) box.current?.focus({ preventScroll: true });
  }, [autoFocus]);
  useEffect(() => {
    if (editing) setBody(editing.body);
    if (editing || replyTo) box.current?.focus();
  }, [editing, replyTo]);
  const lastTyping = useRef(0);
  const tooLong = body.length > MAX_MESSAGE_LENGTH;

  const submit = () => {
    const text = body.trim();
    if ((!text && files.length === 0) || tooLong || uploading) return;
    onSend(text, files);
    if (!editing) uploads?.clear();
    setBody("");
    lastTyping.current = 0;
    onTyping(false);
  };

  const pick = (candidate: MentionCandidate) => {
    const el = box.current;
    if (!el || !picker.token) return;
    const caret = el.selectionStart;
    const inserted = `@${candidate.name} `;
    const next = body.slice(0, picker.token.start) + inserted + body.slice(caret);
    const at = picker.token.start + inserted.length;
    setBody(next);
    picker.close();
    // after React has put the new text in, put the caret after the mention
    requestAnimationFrame(() => el.setSelectionRange(at, at));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (picker.open && !e.nativeEvent.isComposing) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        picker.move(e.key === "ArrowDown" ? 1 : -1);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        pick(picker.options[picker.active]);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        picker.dismiss();
        return;
      }
    }
    if (e.key === "ArrowUp" && body === "" && !editing && onEditLast && !e.nativeEvent.isComposing) {
      e.preventDefault();
      onEditLast();
      return;
    }
    if (e.key === "Escape" && (editing || replyTo)) {
      setBody("");
      onCancel?.();
    }
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const onChange = (typed: string, typedCaret: number) => {
    if (typed.includes(":")) void loadEmoji();
    const replaced = withShortcode(typed, typedCaret);
    const { value, caret } = replaced ?? { value: typed, caret: typedCaret };
    setBody(value);
    if (replaced) requestAnimationFrame(() => box.current?.setSelectionRange(caret, caret));
    picker.update(value, caret);
    const now = Date.now();
    if (value && now - lastTyping.current > TYPING_REFRESH_MS) {
      lastTyping.current = now;
      onTyping(true);
    }
  };

  return (
    <form
      className={`sticky bottom-0 border-t border-slate-200 bg-white p-3 ${dragging ? "ring-2 ring-inset ring-brand-500" : ""}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onDragOver={(e) => {
        if (!uploads || editing || !e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        setDragging(false);
        if (!uploads || editing || e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        uploads.add(e.dataTransfer.files);
      }}
    >
      {uploads && !editing && <UploadTray uploads={uploads.uploads} onRemove={uploads.remove} />}
      {(editing || replyTo) && (
        <div className="mb-2 flex items-center gap-2 text-xs text-slate-600" data-testid="composer-context">
          <span className="truncate">
            {editing ? (
              "Editing your message (Esc to cancel)"
            ) : (
              <>
                Replying to <bdi>{replyTo?.sender.name}</bdi>: <bdi>{plainText(replyTo?.body ?? "").slice(0, 80)}</bdi>
              </>
            )}
          </span>
          <button
            type="button"
            className="text-slate-500 underline"
            onClick={() => {
              setBody("");
              onCancel?.();
            }}
          >
            Cancel
          </button>
        </div>
      )}
      <div className="relative flex items-end gap-2">
        {picker.open && <MentionList id={listId} options={picker.options} active={picker.active} onPick={pick} />}
        <textarea
          ref={box}
          aria-label={label}
          aria-autocomplete="list"
          aria-controls={picker.open ? listId : undefined}
          aria-activedescendant={picker.open ? `${listId}-${picker.options[picker.active].id}` : undefined}
          aria-describedby={hintId}
          placeholder="Write a message…"
          rows={Math.min(6, body.split("\n").length)}
          value={body}
          onChange={(e) => onChange(e.target.value, e.target.selectionStart)}
          onSelect={(e) => picker.update(e.currentTarget.value, e.currentTarget.selectionStart)}
          onBlur={() => picker.close()}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            // A pasted image (a screenshot) becomes a file of the message; pasted text stays text.
            if (!uploads || editing || e.clipboardData.files.length === 0) return;
            e.preventDefault();
            uploads.add(e.clipboardData.files);
          }}
          className="min-h-[2.5rem] flex-1 resize-none rounded border border-slate-300 px-3 py-2 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
        />
        {/* After the box: Shift+Tab from it still goes back to the messages. */}
        {uploads && !editing && (
          <>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              data-testid="file-input"
              onChange={(e) => {
                if (e.target.files) uploads.add(e.target.files);
                e.target.value = "";
              }}
            />
            <button
              type="button"
              onClick={() => fileInput.current?.click()}
              aria-label="Attach files"
              title="Attach files (or drop them here, or paste an image)"
              className="self-stretch rounded border border-slate-300 px-3 text-slate-700 hover:bg-slate-100"
            >
              <PaperclipIcon />
            </button>
          </>
        )}
        <button
          type="submit"
          disabled={(!body.trim() && files.length === 0) || tooLong || uploading}
          className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
        >
          {editing ? "Save" : "Send"}
        </button>
      </div>
      {footer}
      <p id={hintId} className="mt-1 hidden text-xs text-slate-500 sm:block">
        Enter to send, Shift+Enter for a new line, @ to mention, :name: for an emoji
        {onEditLast && ", ↑ to edit your last message"}
        {uploads && ", paste or drop files to attach"}
      </p>
      {tooLong && (
        <p className="mt-1 text-xs text-red-600">
          {body.length.toLocaleString()} / {MAX_MESSAGE_LENGTH.toLocaleString()} characters: shorten the message to send
          it.
        </p>
      )}
    </form>
  );
}
