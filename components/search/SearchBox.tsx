"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Suspense } from "react";

/** A plain GET form to /search, so it works before the page's script has loaded; on /search it shows the query. */
export function SearchBox() {
  return (
    <Suspense fallback={<SearchForm q="" />}>
      <SearchFormWithQuery />
    </Suspense>
  );
}

function SearchFormWithQuery() {
  return <SearchForm q={useSearchParams().get("q") ?? ""} />;
}

function SearchForm({ q }: { q: string }) {
  const router = useRouter();
  const pathname = usePathname();
  // In a room, the results open beside it (?q= on the room's own page) rather than taking the reader away.
  const room = pathname.match(/^\/rooms\/[^/]+$/)?.[0];
  return (
    <search>
      <form
        action="/search"
        className="flex"
        onSubmit={(e) => {
          const query = String(new FormData(e.currentTarget).get("q") ?? "").trim();
          if (!room || !query) return;
          e.preventDefault();
          router.push(`${room}?${new URLSearchParams({ q: query })}`);
        }}
      >
        <input
          key={q}
          type="search"
          name="q"
          defaultValue={q}
          aria-label="Search"
          placeholder="Search messages"
          maxLength={200}
          required
          className="w-40 rounded border border-slate-300 px-2 py-1 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100 sm:w-48 lg:w-64"
        />
      </form>
    </search>
  );
}
