"use client";

import Link from "next/link";
import useSWRInfinite from "swr/infinite";
import { Button } from "@/components/ui/Button";
import { Time } from "@/components/ui/Time";
import { fetcher } from "@/lib/client/api";
import { plainText } from "@/lib/client/plain-text";
import type { SearchResult } from "@/lib/platform/schemas";
import { Snippet } from "./Snippet";

type Page = { results: SearchResult[]; nextBefore: string | null };

/**
 * Messages matching `q` in the rooms you are in, newest first; each opens its room at that message. Beside
 * a room (`beside`) the results keep the search in the link, so they stay open next to the room opened.
 */
export function SearchResults({ q, beside = false }: { q: string; beside?: boolean }) {
  const { data, error, size, setSize, isLoading, isValidating, mutate } = useSWRInfinite<Page>(
    (_index, previous: Page | null) => {
      if (previous && !previous.nextBefore) return null;
      const query = new URLSearchParams({ q, ...(previous?.nextBefore && { before: previous.nextBefore }) });
      return `/api/search?${query}`;
    },
    fetcher,
    { revalidateFirstPage: false },
  );
  const results = data?.flatMap((p) => p.results) ?? [];
  const more = Boolean(data?.[data.length - 1]?.nextBefore);

  return (
    <section
      className={beside ? "space-y-3" : "mx-auto w-full max-w-3xl space-y-3 p-4"}
      aria-labelledby="search-heading"
    >
      {beside ? (
        <h2 id="search-heading" className="text-sm font-semibold">
          Messages matching “<bdi>{q}</bdi>”
        </h2>
      ) : (
        <h1 id="search-heading" className="text-lg font-semibold">
          Messages matching “<bdi>{q}</bdi>”
        </h1>
      )}
      {isLoading && (
        <p role="status" className="text-sm text-slate-500">
          Searching…
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600">
          Search failed: {error.message}{" "}
          <button type="button" className="underline" onClick={() => void mutate()}>
            Try again
          </button>
        </p>
      )}
      {data && results.length === 0 && (
        <p role="status" className="text-sm text-slate-500">
          No messages match “{q}” in your rooms.
        </p>
      )}
      {results.length > 0 && (
        <ol className="divide-y divide-slate-200 rounded border border-slate-200 bg-white" data-testid="search-results">
          {results.map(({ message, room, snippet }) => (
            <li key={message.id}>
              <Link
                href={`/rooms/${room.id}?${new URLSearchParams({
                  // a reply kept in its thread opens that thread; any other message opens the room at it
                  ...(message.threadRootSeq !== null && !message.alsoToRoom
                    ? { thread: String(message.threadRootSeq) }
                    : { around: String(message.seq) }),
                  ...(beside && { q }),
                })}`}
                className="block px-3 py-2 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
              >
                <span className="flex items-baseline gap-2 text-xs text-slate-500">
                  <span className="font-semibold text-slate-800">
                    <bdi>{room.name}</bdi>
                  </span>
                  <bdi>{message.sender.name}</bdi>
                  <Time iso={message.createdAt} />
                </span>
                <span className="mt-0.5 block text-sm text-slate-800">
                  <Snippet text={plainText(snippet)} />
                </span>
              </Link>
            </li>
          ))}
        </ol>
      )}
      {more && (
        <Button variant="secondary" disabled={isValidating} onClick={() => void setSize(size + 1)}>
          {isValidating ? "Loading…" : "More results"}
        </Button>
      )}
    </section>
  );
}
