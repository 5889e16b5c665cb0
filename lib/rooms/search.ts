import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { type SearchResult, SNIPPET_MARK } from "@/lib/platform/schemas";
import { messageInclude, viewOf } from "@/lib/realtime/message-view";

/**
 * Full-text search over the messages of the rooms a person is in now, newest first. The match uses the
 * GIN index on to_tsvector('simple', body) (migration "message_search"); the expression must stay the same
 * here for PostgreSQL to use it. A message is also found by the names of its files. Deleted messages and system
 * notices are never found.
 */
export function searchSql({
  userId,
  q,
  roomId,
  before,
  limit,
}: {
  userId: string;
  q: string;
  roomId?: string;
  before?: { createdAt: Date; id: string };
  limit: number;
}): Prisma.Sql {
  return Prisma.sql`
    SELECT m.id, ts_headline('simple', m.body, query,
             ${`StartSel=${SNIPPET_MARK.start}, StopSel=${SNIPPET_MARK.stop}, MaxWords=24, MinWords=8, MaxFragments=2`}) AS snippet
    FROM "Message" m, websearch_to_tsquery('simple', ${q}) AS query
    WHERE (to_tsvector('simple', m.body) @@ query
      -- Or a file it carries by name (the GIN index of migration "files_threads_dms", same expression).
      OR m.id = ANY(ARRAY(SELECT a."messageId" FROM "Attachment" a
        WHERE a."messageId" IS NOT NULL AND to_tsvector('simple', regexp_replace(a.name, '[^[:alnum:]]+', ' ', 'g'))
              @@ websearch_to_tsquery('simple', ${q}))))
      AND m."roomId" IN (SELECT p."roomId" FROM "Participant" p WHERE p."userId" = ${userId} AND p."leftAt" IS NULL)
      ${roomId ? Prisma.sql`AND m."roomId" = ${roomId}` : Prisma.empty}
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
  const hits = await db.$queryRaw<{ id: string; snippet: string }[]>(
    searchSql({ ...input, before: cursor ?? undefined }),
  );
  const rows = await db.message.findMany({
    where: { id: { in: hits.map((h) => h.id) } },
    include: { ...messageInclude, room: { select: { id: true, name: true } } },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const results = hits.flatMap((hit) => {
    const row = byId.get(hit.id);
    return row ? [{ message: viewOf(row), room: row.room, snippet: hit.snippet }] : [];
  });
  return { results, nextBefore: hits.length === input.limit ? (hits.at(-1)?.id ?? null) : null };
}
