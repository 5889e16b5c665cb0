"use client";

import { useEffect, useRef, useState } from "react";
import { ThumbDown, ThumbUp } from "@/components/ui/icons";
import { useAutoGrow } from "@/components/ui/useAutoGrow";
import { useLeaveGuard } from "@/components/ui/useLeaveGuard";
import { api } from "@/lib/client/api";

export type MyFeedback = { messageId: string; rating: "up" | "down" | null; comment: string | null };

type Props = { messageId: string; current?: MyFeedback; onSaved: (feedback: MyFeedback | null) => void };

/** Thumbs up / down on an agent reply; thumbs down opens the comment box. One rating per person. */
export function FeedbackControls({ messageId, current, onSaved }: Props) {
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState(current?.comment ?? "");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  // The box opens where the person is looking, ready to type in.
  useEffect(() => {
    if (!open) return;
    area.current?.scrollIntoView({ block: "nearest" });
    area.current?.focus({ preventScroll: true });
  }, [open]);
  useAutoGrow(area, comment);
  const unsaved = open && comment !== (current?.comment ?? "");
  useLeaveGuard(unsaved, "Leave without saving your feedback comment?");

  const save = async (rating: "up" | "down" | null, text = comment) => {
    setSaving(true);
    try {
      const { feedback } = await api<{ feedback: MyFeedback | null }>(`/api/messages/${messageId}/feedback`, {
        method: "PUT",
        body: { rating, comment: text || undefined },
      });
      onSaved(feedback && { ...feedback, messageId });
      setError(null);
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : "Not saved");
      return false;
    } finally {
      setSaving(false);
    }
  };

  const rating = current?.rating ?? null;
  const toggle = async (next: "up" | "down") => {
    if (rating === next) return save(null, "");
    if (next === "down") setOpen(true);
    return save(next);
  };

  const button = (kind: "up" | "down", label: string, icon: React.ReactNode) => (
    <button
      type="button"
      aria-label={label}
      aria-pressed={rating === kind}
      disabled={saving}
      onClick={() => void toggle(kind)}
      className={`rounded p-1 ${rating === kind ? (kind === "up" ? "bg-emerald-100 text-emerald-700" : "bg-red-100 text-red-700") : "opacity-60 hover:opacity-100"}`}
    >
      {icon}
    </button>
  );

  return (
    <div className="mt-0.5 text-xs text-slate-500" data-testid="feedback">
      <div className="flex items-center gap-1">
        {button("up", "Good reply", <ThumbUp />)}
        {button("down", "Bad reply", <ThumbDown />)}
        <button
          type="button"
          className="hover:underline"
          aria-expanded={open}
          onClick={() => {
            setSaved(false);
            if (!open) return setOpen(true);
            if (unsaved && !confirm("Discard your unsaved feedback comment?")) return;
            setComment(current?.comment ?? "");
            setOpen(false);
          }}
        >
          {current?.comment ? "Edit comment" : "Comment"}
        </button>
        {current && <span className="sr-only">You rated this {current.rating ?? "with a comment"}</span>}
      </div>
      {open && (
        <form
          className="mt-1 flex w-[min(28rem,calc(100vw-5rem))] gap-1"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await save(rating, comment)) {
              setOpen(false);
              setSaved(true);
            }
          }}
        >
          <textarea
            ref={area}
            aria-label="Feedback comment"
            aria-keyshortcuts="Control+Enter Meta+Enter"
            value={comment}
            maxLength={1000}
            rows={2}
            onChange={(e) => setComment(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
            placeholder="What was wrong or right about this reply?"
            className="min-w-0 flex-1 resize-none rounded border border-slate-300 px-1"
          />
          <button
            type="submit"
            disabled={saving}
            title="Save (Ctrl+Enter or ⌘+Enter)"
            className="self-end rounded bg-slate-800 px-2 py-1 text-white"
          >
            Save
          </button>
        </form>
      )}
      {saved && !open && (
        <p role="status" className="text-emerald-700">
          Comment saved.
        </p>
      )}
      {error && <p className="text-red-600">{error}</p>}
    </div>
  );
}
