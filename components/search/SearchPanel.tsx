"use client";

import { useEffect } from "react";
import { SearchResults } from "./SearchResults";

/**
 * Search results beside the open room (a column on a wide screen, a sheet on a phone): opening one keeps
 * them here, so the reader can go through several without losing the list.
 */
export function SearchPanel({ q, onClose }: { q: string; onClose: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <aside
      aria-label="Search results"
      data-testid="search-panel"
      className="fixed inset-x-0 bottom-0 top-16 z-40 overflow-y-auto rounded-t-xl border-t border-slate-200 bg-white p-3 shadow-xl md:static md:z-auto md:w-80 md:shrink-0 md:rounded-none md:border-l md:border-t-0 md:shadow-none"
    >
      <div className="mb-2 flex justify-end">
        <button type="button" onClick={onClose} className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100">
          Close search
        </button>
      </div>
      {/* keyed by the query: a new search starts from its first page */}
      <SearchResults key={q} q={q} beside />
    </aside>
  );
}
