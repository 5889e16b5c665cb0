/**
 * The benchmark's floor, as SQL and frames: what the baseline server (scripts/bench/baseline-server.ts)
 * and the bare Next route (scripts/bench/bare-route.ts) both do per message, kept in one place so the two cannot
 * drift apart. No Parley code and no server-only import: the baseline runs outside Next.
 */

// Shaped like Parley's Room and Message tables (counter, unique (room, seq), foreign key, time index).
export const BASELINE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS baseline_room (id text PRIMARY KEY, last_seq int NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS baseline_message (
    id text PRIMARY KEY,
    room_id text NOT NULL REFERENCES baseline_room(id) ON DELETE CASCADE,
    seq int NOT NULL,
    sender text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (room_id, seq)
  );
  CREATE INDEX IF NOT EXISTS baseline_message_created_at ON baseline_message (created_at);`;

export const BASELINE_CREATE_ROOM = "INSERT INTO baseline_room (id) VALUES ($1)";

// Counter and insert in one statement, hence one transaction that holds the room row's lock only for
// that statement (the same shape as Parley's message insert). Parameters: room id, message id, sender, body.
export const BASELINE_INSERT = `
  WITH room AS (UPDATE baseline_room SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
  INSERT INTO baseline_message (id, room_id, seq, sender, body)
  SELECT $2, $1, room.last_seq, $3, $4 FROM room
  RETURNING id, room_id, seq, sender, body, created_at`;

export type BaselineRow = { id: string; room_id: string; seq: number; sender: string; body: string; created_at: Date };

/** The inserted row as Parley's message shape, and the SSE frame its room's streams are sent. */
export function baselineMessage(row: BaselineRow) {
  const message = {
    id: row.id,
    roomId: row.room_id,
    seq: row.seq,
    kind: "text",
    sender: { id: row.sender, name: row.sender, kind: "user" },
    body: row.body,
    createdAt: row.created_at.toISOString(),
  };
  const frame = `id: ${message.seq}\nevent: message\ndata: ${JSON.stringify({ type: "message", message })}\n\n`;
  return { message, frame };
}

export const BASELINE_STREAM_START = "retry: 1000\n\nevent: ready\ndata: {}\n\n";
export const BASELINE_SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
};
