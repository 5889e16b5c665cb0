import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SearchResults } from "@/components/search/SearchResults";
import { currentUser } from "@/lib/auth/authjs";

export const metadata: Metadata = { title: "Search" };

export const dynamic = "force-dynamic";

export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { q } = await searchParams;
  const query = (Array.isArray(q) ? q[0] : q)?.trim() ?? "";
  if (!(await currentUser()))
    redirect(`/signin?callbackUrl=${encodeURIComponent(`/search?${new URLSearchParams({ q: query })}`)}`);
  if (!query) return <p className="p-4 text-sm text-slate-500">Type words to find in the search box above.</p>;
  // keyed by the query: a new search starts from its first page
  return <SearchResults key={query} q={query} />;
}
