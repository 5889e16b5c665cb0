// The floor Parley is measured against: plain node:http + pg, no framework, no auth, no ordering
// guarantees beyond the database's. It does the same essential work per message as Parley: one
// transaction on the same PostgreSQL that bumps the room's counter and inserts the message with that
// seq, then writes the serialised message to the room's open SSE responses, kept in memory.
//
// Run as its own process (like Parley), configured by PORT and DATABASE_URL:
//   POST /rooms                      → 201 { room: { id } }
//   POST /rooms/:id/messages {body}  → 201 { message }
//   GET  /rooms/:id/events           → SSE: `event: ready`, then `event: message` per commit
//   GET  /health                     → 200
import { randomUUID } from "node:crypto";
import http from "node:http";
import pg from "pg";

const port = Number(process.env.PORT);
// Same pool size as Parley's Prisma client, so neither side gets more database connections.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

// Shaped like Parley's Room and Message tables (counter, unique (room, seq), foreign key, time index).
await pool.query(`
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
  CREATE INDEX IF NOT EXISTS baseline_message_created_at ON baseline_message (created_at);
`);

const streams = new Map<string, Set<http.ServerResponse>>();

// Counter and insert in one statement, hence one transaction that holds the room row's lock only for
// that statement (the same shape as Parley's appendMessage).
const INSERT = `
  WITH room AS (UPDATE baseline_room SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
  INSERT INTO baseline_message (id, room_id, seq, sender, body)
  SELECT $2, $1, room.last_seq, $3, $4 FROM room
  RETURNING id, room_id, seq, sender, body, created_at`;

async function appendMessage(roomId: string, body: string) {
  const { rows } = await pool.query(INSERT, [roomId, randomUUID(), "baseline", body]);
  const row = rows[0];
  if (!row) return null;
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
  for (const res of streams.get(roomId) ?? []) res.write(frame);
  return message;
}

function openStream(roomId: string, req: http.IncomingMessage, res: http.ServerResponse) {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform" });
  res.write("retry: 1000\n\nevent: ready\ndata: {}\n\n");
  let room = streams.get(roomId);
  if (!room) streams.set(roomId, (room = new Set()));
  room.add(res);
  req.on("close", () => room.delete(res));
}

function readBody(req: http.IncomingMessage): Promise<any> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => {
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch (err) {
        reject(err);
      }
    });
    req.on("error", reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, data: unknown) {
  const text = JSON.stringify(data);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer(async (req, res) => {
  try {
    const [, first, roomId, action] = (req.url ?? "/").split("?")[0].split("/");
    if (req.method === "GET" && first === "health") return sendJson(res, 200, { status: "ok" });
    if (req.method === "POST" && first === "rooms" && !roomId) {
      const id = randomUUID();
      await pool.query("INSERT INTO baseline_room (id) VALUES ($1)", [id]);
      return sendJson(res, 201, { room: { id } });
    }
    if (first === "rooms" && roomId && action === "messages" && req.method === "POST") {
      const { body } = await readBody(req);
      const message = await appendMessage(roomId, String(body));
      return message ? sendJson(res, 201, { message }) : sendJson(res, 404, { error: { code: "not_found" } });
    }
    if (first === "rooms" && roomId && action === "events" && req.method === "GET") return openStream(roomId, req, res);
    sendJson(res, 404, { error: { code: "not_found" } });
  } catch (err) {
    sendJson(res, 500, { error: { code: "internal", message: String(err) } });
  }
});
// Like Next's server: idle keep-alive connections are kept for a while, streams have no timeout.
server.keepAliveTimeout = 5_000;
server.requestTimeout = 0;
server.listen(port, "127.0.0.1");

// Keep-alive comments on every stream, as Parley sends them (one timer for all: this is the floor).
setInterval(() => {
  for (const room of streams.values()) for (const res of room) res.write(": keep-alive\n\n");
}, 15_000).unref();

process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close();
  void pool.end().finally(() => process.exit(0));
});
