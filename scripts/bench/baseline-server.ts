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
import {
  BASELINE_CREATE_ROOM,
  BASELINE_INSERT,
  BASELINE_SCHEMA,
  BASELINE_SSE_HEADERS,
  BASELINE_STREAM_START,
  baselineMessage,
} from "./baseline";

const port = Number(process.env.PORT);
// A pool of 10 (Parley holds 8 for Prisma and 5 for its hot-path statements): neither side is short of
// connections at these loads.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

await pool.query(BASELINE_SCHEMA);

const streams = new Map<string, Set<http.ServerResponse>>();

async function appendMessage(roomId: string, body: string) {
  const { rows } = await pool.query(BASELINE_INSERT, [roomId, randomUUID(), "baseline", body]);
  if (!rows[0]) return null;
  const { message, frame } = baselineMessage(rows[0]);
  for (const res of streams.get(roomId) ?? []) res.write(frame);
  return message;
}

function openStream(roomId: string, req: http.IncomingMessage, res: http.ServerResponse) {
  res.writeHead(200, BASELINE_SSE_HEADERS);
  res.write(BASELINE_STREAM_START);
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
      await pool.query(BASELINE_CREATE_ROOM, [id]);
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
