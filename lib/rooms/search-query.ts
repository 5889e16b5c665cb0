/**
 * What a search box's text asks for: words (whole words, else the start of words, so "paragr" finds
 * "Paragraph") and filters: `from:maya` (a sender's name), `in:launch` (a room's name), `before:2026-12-01`
 * and `after:2026-11-01` (dates, UTC). A filter's value may be quoted: `from:"Maya Lee"`. A filter with a
 * value that is not a date is searched for as words.
 */
export type SearchQuery = { words: string[]; from?: string; in?: string; before?: Date; after?: Date };

const TOKEN = /(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)/g;

export function parseSearch(q: string): SearchQuery {
  const query: SearchQuery = { words: [] };
  for (const m of q.matchAll(TOKEN)) {
    const key = (m[1] ?? m[3])?.toLowerCase();
    const value = m[2] ?? m[4];
    if (key === "from" || key === "in") {
      if (value.trim()) query[key] = value.trim();
      continue;
    }
    if ((key === "before" || key === "after") && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const date = new Date(`${value}T00:00:00Z`);
      if (!Number.isNaN(date.getTime())) {
        // "before:D" is before that day starts; "after:D" is after that day ends.
        query[key] = key === "after" ? new Date(date.getTime() + 86_400_000) : date;
        continue;
      }
    }
    query.words.push(...wordsOf(m[0]));
  }
  return query;
}

/** The letters-and-digits runs of a text, as PostgreSQL's 'simple' parser splits a body (lower-cased). */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A to_tsquery text in which every word must match a word of the body ('plan'), or with `prefix` its start ('paragr':*). */
export function tsQueryOf(words: string[], prefix = true): string {
  return words.map((w) => `'${w}'${prefix ? ":*" : ""}`).join(" & ");
}
