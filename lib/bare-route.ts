import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { env } from "@/lib/env";

/**
 * The benchmark's bare Next route: the baseline server's work (scripts/bench/baseline-server.ts: one
 * counter-and-insert statement through `pg`, one serialised frame written to the room's open streams) as
 * route handlers in Parley's own build, with no auth and none of Parley's code on the path. Between the
 * baseline and Parley it shows what the framework costs and what Parley adds. Only a server started with
 * BENCH_ROUTES=1 (the benchmark's) answers; every other answers 404.
 */

export const benchRoutesEnabled = () => env.BENCH_ROUTES;

type State = {
  pool: pg.Pool;
  ready: Promise<unknown>;
  streams: Map<string, Set<ReadableStreamDefaultController<Uint8Array>>>;
};
const globalState = globalThis as unknown as { parleyBareRoute?: State };

function state(): State {
  if (!globalState.parleyBareRoute) {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
    pool.on("error", () => {});
    // The baseline server's tables (either may create them first).
    const ready = pool
      .query(`
        CREATE TABLE IF NOT EXISTS baseline_room (id text PRIMARY KEY, last_seq int NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS baseline_message (
          id text PRIMARY KEY, room_id text NOT NULL REFERENCES baseline_room(id) ON DELETE CASCADE, seq int NOT NULL,
          sender text NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (room_id, seq));`)
      .catch(() => {});
    globalState.parleyBareRoute = { pool, ready, streams: new Map() };
  }
  return globalState.parleyBareRoute;
}

const INSERT = `
  WITH room AS (UPDATE baseline_room SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
  INSERT INTO baseline_message (id, room_id, seq, sender, body)
  SELECT $2, $1, room.last_seq, $3, $4 FROM room
  RETURNING id, room_id, seq, sender, body, created_at`;

const encoder = new TextEncoder();
const notFound = () => Response.json({ error: { code: "not_found", message: "Not found" } }, { status: 404 });

export async function bareCreateRoom(): Promise<Response> {
  if (!benchRoutesEnabled()) return notFound();
  const { pool, ready } = state();
  await ready;
  const id = randomUUID();
  await pool.query("INSERT INTO baseline_room (id) VALUES ($1)", [id]);
  return Response.json({ room: { id } }, { status: 201 });
}

export async function bareSend(req: Request, roomId: string): Promise<Response> {
  if (!benchRoutesEnabled()) return notFound();
  const { pool, streams } = state();
  const { body } = (await req.json()) as { body?: unknown };
  const { rows } = await pool.query(INSERT, [roomId, randomUUID(), "baseline", String(body)]);
  const row = rows[0];
  if (!row) return notFound();
  const message = {
    id: row.id,
    roomId: row.room_id,
    seq: row.seq,
    kind: "text",
    sender: { id: row.sender, name: row.sender, kind: "user" },
    body: row.body,
    createdAt: row.created_at.toISOString(),
  };
  const frame = encoder.encode(
    `id: ${message.seq}\nevent: message\ndata: ${JSON.stringify({ type: "message", message })}\n\n`,
  );
  for (const controller of streams.get(roomId) ?? []) controller.enqueue(frame);
  return Response.json({ message }, { status: 201 });
}

export function bareEvents(req: Request, roomId: string): Response {
  if (!benchRoutesEnabled()) return notFound();
  const { streams } = state();
  let room = streams.get(roomId);
  if (!room) streams.set(roomId, (room = new Set()));
  const members = room;
  let self: ReadableStreamDefaultController<Uint8Array> | undefined;
  const leave = () => {
    if (self) members.delete(self);
  };
  req.signal.addEventListener("abort", leave);
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        self = controller as ReadableStreamDefaultController<Uint8Array>;
        members.add(self);
        controller.enqueue(encoder.encode("retry: 1000\n\nevent: ready\ndata: {}\n\n"));
      },
      cancel: leave,
    },
    new CountQueuingStrategy({ highWaterMark: 1000 }),
  );
  return new Response(body, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform" },
  });
}
