-- Full-text search over messages (GET /api/search). 'simple' keeps every word as written (no stemming, no
-- stop words), so it works the same for every language people write in. The index is on an expression,
-- which the Prisma schema cannot express: it is written here by hand.
CREATE INDEX "Message_body_search_idx" ON "Message" USING GIN (to_tsvector('simple', body));

-- Messages written before mentions were stored: an agent's mention rule used to find "@Name" in the body.
UPDATE "Message" m SET mentions = ARRAY(
  SELECT p.id FROM "Participant" p JOIN "Agent" a ON a.id = p."agentId"
  WHERE p."roomId" = m."roomId" AND strpos(lower(m.body), lower('@' || a.name)) > 0)
WHERE m.kind = 'TEXT' AND m."redactedAt" IS NULL AND m.body LIKE '%@%';
