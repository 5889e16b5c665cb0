import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { type SearchResult, SNIPPET_MARK } from "@/lib/platform/schemas";
import { messageInclude, viewOf } from "@/lib/realtime/message-view";
import { parseSearch, tsQueryOf } from "@/lib/rooms/search-query";

/**
 * Full-text search over the messages of the rooms a person is in now, newest first. Words match whole words,
 * or with `prefix` the start of words (the same index serves both), and `from:`, `in:`, `before:` and `after:` filter
 * (lib/rooms/search-query). The match uses the GIN index on to_tsvector('simple', body) (migration
 * "message_search"); the expression must stay the same here for PostgreSQL to use it. A message is also found
 * by the names of its files. Deleted messages and system notices are never found.
 */
export function searchSql({
  userId,
  q,
  roomId,
  before,
  limit,
  prefix = false,
}: {
  userId: string;
  q: string;
  roomId?: string;
  before?: { createdAt: Date; id: string };
  limit: number;
  prefix?: boolean;
}): Prisma.Sql {
  const parsed = parseSearch(q);
  const words = parsed.words.length > 0;
  const tsQuery = words ? tsQueryOf(parsed.words, prefix) : "";
  const headline = `StartSel=${SNIPPET_MARK.start}, StopSel=${SNIPPET_MARK.stop}, MaxWords=24, MinWords=8, MaxFragments=2, ShortWord=0, FragmentDelimiter=" … "`;
  // Names are matched from their start, case-insensitively; LIKE's own wildcards in them are plain text.
  const like = (value: string) => `${value.replace(/[\\%_]/g, "\\$&")}%`;
  return Prisma.sql`
    SELECT m.id, ${words ? Prisma.sql`ts_headline('simple', m.body, query, ${headline})` : Prisma.sql`left(m.body, 200)`} AS snippet
    FROM "Message" m, to_tsquery('simple', ${tsQuery}) AS query
    WHERE ${
      words
        ? Prisma.sql`(to_tsvector('simple', m.body) @@ query
      -- Or a file it carries by name (the GIN index of migration "files_threads_dms", same expression).
      OR m.id = ANY(ARRAY(SELECT a."messageId" FROM "Attachment" a
        WHERE a."messageId" IS NOT NULL AND to_tsvector('simple', regexp_replace(a.name, '[^[:alnum:]]+', ' ', 'g'))
              @@ to_tsquery('simple', ${tsQuery}))))`
        : Prisma.sql`TRUE`
    }
      AND m."roomId" IN (SELECT p."roomId" FROM "Participant" p WHERE p."userId" = ${userId} AND p."leftAt" IS NULL)
      ${roomId ? Prisma.sql`AND m."roomId" = ${roomId}` : Prisma.empty}
      ${parsed.in ? Prisma.sql`AND m."roomId" IN (SELECT r.id FROM "Room" r WHERE r.name ILIKE ${`%${like(parsed.in)}`})` : Prisma.empty}
      ${
        parsed.from
          ? Prisma.sql`AND m."senderId" IN (SELECT s.id FROM "Participant" s
              LEFT JOIN "User" u ON u.id = s."userId" LEFT JOIN "Agent" a ON a.id = s."agentId"
              WHERE s."roomId" = m."roomId" AND coalesce(u.name, u.email, a.name) ILIKE ${like(parsed.from)})`
          : Prisma.empty
      }
      ${parsed.before ? Prisma.sql`AND m."createdAt" < ${parsed.before}` : Prisma.empty}
      ${parsed.after ? Prisma.sql`AND m."createdAt" >= ${parsed.after}` : Prisma.empty}
      ${before ? Prisma.sql`AND (m."createdAt", m.id) < (${before.createdAt}, ${before.id})` : Prisma.empty}
      AND m.kind = 'TEXT' AND m."redactedAt" IS NULL
    ORDER BY m."createdAt" DESC, m.id DESC
    LIMIT ${limit}`;
}

export async function searchMessages(input: {
  userId: string;
  q: string;
  roomId?: string;
  before?: string;
  limit: number;
}): Promise<{ results: SearchResult[]; nextBefore: string | null }> {
  // `before` is the id of the last result of the previous page.
  const cursor = input.before
    ? await db.message.findUnique({ where: { id: input.before }, select: { id: true, createdAt: true } })
    : null;
  // Whole words first; fewer hits than a page, then the start of words ("paragr" finds "Paragraph"). A prefix
  // is estimated far more common than it is, and PostgreSQL would then walk the room's newest messages one by
  // one rather than ask the index: the whole-word query keeps the index for the usual search.
  const query = (prefix: boolean) =>
    db.$queryRaw<{ id: string; snippet: string }[]>(searchSql({ ...input, before: cursor ?? undefined, prefix }));
  let hits = await query(false);
  // Without words (filters alone) the prefix query is the same query: it is not asked twice.
  if (hits.length < input.limit && parseSearch(input.q).words.length > 0) hits = await query(true);
  const rows = await db.message.findMany({
    where: { id: { in: hits.map((h) => h.id) } },
    include: { ...messageInclude, room: { select: { id: true, name: true } } },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const results = hits.flatMap((hit) => {
    const row = byId.get(hit.id);
    return row ? [{ message: viewOf(row), room: row.room, snippet: withEllipses(hit.snippet, row.body) }] : [];
  });
  return { results, nextBefore: hits.length === input.limit ? (hits.at(-1)?.id ?? null) : null };
}

/** "…" where the snippet starts after the message's start or ends before its end: it says the text goes on. */
function withEllipses(snippet: string, body: string): string {
  const plain = (text: string) =>
    text.split(SNIPPET_MARK.start).join("").split(SNIPPET_MARK.stop).join("").replace(/\s+/g, " ").trim();
  const [part, whole] = [plain(snippet), plain(body)];
  const head = whole.startsWith(part.slice(0, 20)) ? "" : "… ";
  const tail = whole.endsWith(part.slice(-20)) ? "" : " …";
  return `${head}${snippet.trim()}${tail}`;
}
