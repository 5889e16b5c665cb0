"use client";

import { useState } from "react";

export type MentionCandidate = { id: string; name: string; kind: "user" | "agent" };

/** The "@word" being typed just before the caret, if any: where it starts and what follows the @. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|\s)@([^\s@]{0,30})$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[1].length - 1, query: match[1] } : null;
}

const MAX_OPTIONS = 8;

/** Candidates whose name, or a word of it, starts with the query; names that start with it first. */
export function matchCandidates(candidates: MentionCandidate[], query: string): MentionCandidate[] {
  const q = query.toLowerCase();
  const starts = candidates.filter((c) => c.name.toLowerCase().startsWith(q));
  const words = candidates.filter(
    (c) =>
      !starts.includes(c) &&
      c.name
        .toLowerCase()
        .split(/\s+/)
        .some((w) => w.startsWith(q)),
  );
  return [...starts, ...words].slice(0, MAX_OPTIONS);
}

/**
 * The state of the composer's @mention autocomplete. The textarea keeps the focus and names the active
 * option with aria-activedescendant (the combobox pattern), so typing never stops while choosing.
 */
export function useMentionPicker(candidates: MentionCandidate[]) {
  const [token, setToken] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  // Escape closes the list until the person starts another @word.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const options = token && token.start !== dismissedAt ? matchCandidates(candidates, token.query) : [];
  const open = options.length > 0;

  return {
    open,
    options,
    active: Math.min(active, Math.max(0, options.length - 1)),
    token,
    /** Call on every change of text or caret. */
    update(text: string, caret: number) {
      const next = mentionQueryAt(text, caret);
      if (next?.start !== token?.start || next?.query !== token?.query) setActive(0);
      if (next?.start !== dismissedAt) setDismissedAt(null);
      setToken(next);
    },
    move(by: number) {
      setActive((a) => (Math.min(a, options.length - 1) + by + options.length) % options.length);
    },
    dismiss() {
      if (token) setDismissedAt(token.start);
    },
    close() {
      setToken(null);
    },
  };
}

export function MentionList({
  id,
  options,
  active,
  onPick,
}: {
  id: string;
  options: MentionCandidate[];
  active: number;
  onPick: (candidate: MentionCandidate) => void;
}) {
  return (
    <div
      id={id}
      role="listbox"
      aria-label="Mention someone"
      className="absolute bottom-full left-0 mb-1 max-h-60 w-64 overflow-y-auto rounded border border-slate-200 bg-white py-1 text-sm shadow-lg"
    >
      {options.map((c, i) => (
        <div
          key={c.id}
          id={`${id}-${c.id}`}
          role="option"
          aria-selected={i === active}
          // focusable for assistive technology only: the focus stays in the textarea (aria-activedescendant)
          tabIndex={-1}
          // mousedown, not click: the textarea must keep the focus (and the caret) while picking
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(c);
          }}
          className={`flex cursor-pointer items-center gap-2 px-3 py-1 ${i === active ? "bg-brand-50 text-brand-700" : ""}`}
        >
          <span className="truncate">
            <bdi>{c.name}</bdi>
          </span>
          {c.kind === "agent" && (
            <span className="rounded bg-violet-100 px-1 text-[10px] font-medium uppercase text-violet-700">agent</span>
          )}
        </div>
      ))}
    </div>
  );
}
