"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import useSWRInfinite from "swr/infinite";
import { Button } from "@/components/ui/Button";
import { RatingIcon } from "@/components/ui/icons";
import { Time } from "@/components/ui/Time";
import { fetcher } from "@/lib/client/api";
import { plainText } from "@/lib/client/plain-text";

type Item = {
  id: string;
  rating: "up" | "down" | null;
  comment: string | null;
  createdAt: string;
  reviewed: boolean;
  user: { name: string };
  agent: { id: string; name: string };
  room: { id: string; name: string };
  message: { body: string };
};
type Page = { items: Item[]; nextCursor: string | null };

const FILTERS = ["rating", "agentId", "roomId", "from", "to", "q", "reviewed", "hasComment", "sort"] as const;

/** The feedback list: filters live in the URL (shareable, and the export uses the same ones). */
export function FeedbackList({ agents }: { agents: { id: string; name: string }[] }) {
  const router = useRouter();
  const params = useSearchParams();
  const filter = new URLSearchParams();
  for (const key of FILTERS) {
    const value = params.get(key);
    if (value) filter.set(key, value);
  }
  const [q, setQ] = useState(params.get("q") ?? "");

  const { data, size, setSize, isLoading, error } = useSWRInfinite<Page>(
    (_index, previous) =>
      previous && !previous.nextCursor
        ? null
        : `/api/admin/feedback?${filter}&limit=50${previous ? `&cursor=${previous.nextCursor}` : ""}`,
    fetcher,
  );
  const items = data?.flatMap((p) => p.items) ?? [];
  const more = Boolean(data?.[data.length - 1]?.nextCursor);

  const setFilter = (key: (typeof FILTERS)[number], value: string) => {
    const next = new URLSearchParams(filter);
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`/admin/feedback?${next}`);
  };

  const select = (key: (typeof FILTERS)[number], label: string, options: [string, string][]) => (
    <label className="text-xs">
      <span className="block text-slate-500">{label}</span>
      <select
        aria-label={label}
        value={filter.get(key) ?? ""}
        onChange={(e) => setFilter(key, e.target.value)}
        className="rounded border border-slate-300 px-1 py-1 text-sm"
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );

  const date = (key: "from" | "to", label: string) => (
    <label className="text-xs">
      <span className="block text-slate-500">{label}</span>
      <input
        type="date"
        aria-label={label}
        value={filter.get(key) ?? ""}
        onChange={(e) => setFilter(key, e.target.value)}
        className="rounded border border-slate-300 px-1 py-1 text-sm"
      />
    </label>
  );

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        {select("rating", "Rating", [
          ["", "Any"],
          ["up", "Up"],
          ["down", "Down"],
        ])}
        {select("agentId", "Agent", [["", "Any"], ...agents.map((a): [string, string] => [a.id, a.name])])}
        {select("reviewed", "Review", [
          ["", "Any"],
          ["false", "Unreviewed"],
          ["true", "Reviewed"],
        ])}
        {select("hasComment", "Comment", [
          ["", "Any"],
          ["true", "With comment"],
          ["false", "Without"],
        ])}
        {select("sort", "Sort", [
          ["newest", "Newest first"],
          ["oldest", "Oldest first"],
        ])}
        {date("from", "From")}
        {date("to", "To")}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setFilter("q", q);
          }}
          className="flex items-end gap-1"
        >
          <label className="text-xs">
            <span className="block text-slate-500">Search comments</span>
            <input
              aria-label="Search comments"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              className="rounded border border-slate-300 px-2 py-1 text-sm"
            />
          </label>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        <div className="ml-auto flex gap-2 text-sm">
          <a
            className="text-brand-600 hover:underline"
            href={`/api/admin/feedback/export?format=csv&${filter}`}
            download
          >
            Export CSV
          </a>
          <a
            className="text-brand-600 hover:underline"
            href={`/api/admin/feedback/export?format=json&${filter}`}
            download
          >
            Export JSON
          </a>
        </div>
      </div>

      {isLoading && <p className="text-sm text-slate-500">Loading feedback…</p>}
      {error && <p className="text-sm text-red-600">{error.message}</p>}
      {data && items.length === 0 && <p className="text-sm text-slate-500">No feedback matches these filters.</p>}
      <ul
        className={`divide-y divide-slate-200 rounded bg-white ${items.length ? "border border-slate-200" : ""}`}
        data-testid="feedback-list"
      >
        {items.map((f) => (
          <li key={f.id}>
            {/* the list's filters travel with the item: its back link and next/previous keep them */}
            <Link
              href={`/admin/feedback/${f.id}${filter.size ? `?${filter}` : ""}`}
              className="block px-3 py-2 hover:bg-slate-50"
            >
              <div className="flex flex-wrap items-center gap-x-2 text-sm">
                <RatingIcon rating={f.rating} />
                <span className="font-medium">
                  <bdi>{f.agent.name}</bdi>
                </span>
                <span className="text-slate-500">
                  in <bdi>{f.room.name}</bdi>
                </span>
                <span className="text-slate-500">
                  by <bdi>{f.user.name}</bdi>
                </span>
                {f.reviewed && <span className="rounded bg-emerald-100 px-1 text-xs text-emerald-800">reviewed</span>}
                <Time iso={f.createdAt} className="ml-auto text-xs text-slate-400" />
              </div>
              {f.comment && (
                <p className="text-sm">
                  “<bdi>{f.comment}</bdi>”
                </p>
              )}
              <p className="truncate text-xs text-slate-500" data-testid="feedback-preview">
                <bdi>{plainText(f.message.body)}</bdi>
              </p>
            </Link>
          </li>
        ))}
      </ul>
      {more && (
        <Button variant="secondary" onClick={() => void setSize(size + 1)}>
          Load more
        </Button>
      )}
    </div>
  );
}
