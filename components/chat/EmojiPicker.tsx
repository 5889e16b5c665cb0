"use client";

import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { type Emoji, loadEmoji, searchEmoji } from "./emoji-data";

const COLUMNS = 8;

/**
 * A reaction picker: recent emoji first, a search over names, keywords and :shortcodes:, and a grid walked
 * with the arrow keys. It takes the focus when it opens (the search box); Escape closes it; either way the
 * focus goes back to the button that opened it, as it does after a pick.
 */
export function EmojiPicker({
  recent,
  onPick,
  onClose,
  returnFocusTo,
}: {
  recent: string[];
  onPick: (emoji: string) => void;
  onClose: () => void;
  returnFocusTo: () => HTMLElement | null;
}) {
  const [all, setAll] = useState<Emoji[] | null>(null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const labelId = useId();

  useEffect(() => {
    search.current?.focus();
    void loadEmoji().then(setAll);
  }, []);

  const close = () => {
    onClose();
    returnFocusTo()?.focus();
  };
  const pick = (emoji: string) => {
    onPick(emoji);
    close();
  };

  const recentEntries: Emoji[] = recent.map(
    (emoji) => all?.find((e) => e.emoji === emoji) ?? { emoji, label: emoji, shortcodes: [], tags: [] },
  );
  const shown = query.trim()
    ? searchEmoji(all ?? [], query)
    : [...recentEntries, ...searchEmoji(all ?? [], "", 88).filter((e) => !recent.includes(e.emoji))];
  const focusCell = (index: number) => {
    const next = Math.max(0, Math.min(shown.length - 1, index));
    setActive(next);
    grid.current?.querySelectorAll<HTMLButtonElement>("button")[next]?.focus();
  };

  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
    if (e.key in moves) {
      e.preventDefault();
      if (e.key === "ArrowUp" && active < COLUMNS) return search.current?.focus();
      focusCell(active + moves[e.key]);
    } else if (e.key === "Home") {
      e.preventDefault();
      focusCell(0);
    } else if (e.key === "End") {
      e.preventDefault();
      focusCell(shown.length - 1);
    }
  };

  return (
    <div
      role="dialog"
      aria-labelledby={labelId}
      data-testid="emoji-picker"
      // A sheet along the bottom of a phone's screen; under the React button on a wide one.
      className="fixed inset-x-2 bottom-2 z-40 rounded-lg border border-slate-200 bg-white p-2 text-left shadow-lg md:absolute md:inset-x-auto md:bottom-auto md:right-0 md:top-full md:z-30 md:mt-1 md:w-[18.5rem]"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          close();
        }
      }}
    >
      <p id={labelId} className="sr-only">
        Pick a reaction
      </p>
      <input
        ref={search}
        type="search"
        aria-label="Search emoji"
        placeholder="Search emoji or :shortcode:"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            focusCell(0);
          } else if (e.key === "Enter") {
            e.preventDefault();
            if (shown[0]) pick(shown[0].emoji);
          }
        }}
        className="mb-2 w-full rounded border border-slate-300 px-2 py-1 text-sm"
      />
      {!all && <p className="text-xs text-slate-500">Loading emoji…</p>}
      {all && shown.length === 0 && <p className="text-xs text-slate-500">No emoji match “{query}”.</p>}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the arrow keys move between the buttons inside */}
      <div
        ref={grid}
        onKeyDown={onGridKey}
        className="grid max-h-52 grid-cols-8 justify-items-center gap-0.5 overflow-y-auto"
        data-testid="emoji-grid"
      >
        {shown.map((e, i) => {
          const name = `${e.label}${e.shortcodes[0] ? ` (:${e.shortcodes[0]}:)` : ""}`;
          return (
            <button
              key={e.emoji}
              type="button"
              tabIndex={i === active ? 0 : -1}
              aria-label={`React with ${e.emoji} ${name}`}
              title={name}
              onClick={() => pick(e.emoji)}
              onFocus={() => setActive(i)}
              className="flex h-8 w-8 items-center justify-center rounded text-xl hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
            >
              {e.emoji}
            </button>
          );
        })}
      </div>
    </div>
  );
}
