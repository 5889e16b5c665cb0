import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { env } from "@/lib/platform/env";
import {
  BASELINE_CREATE_ROOM,
  BASELINE_INSERT,
  BASELINE_SCHEMA,
  BASELINE_SSE_HEADERS,
  BASELINE_STREAM_START,
  baselineMessage,
} from "@/scripts/bench/baseline";

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
    const ready = pool.query(BASELINE_SCHEMA).catch(() => {});
    globalState.parleyBareRoute = { pool, ready, streams: new Map() };
  }
  return globalState.parleyBareRoute;
}

const encoder = new TextEncoder();
const notFound = () => Response.json({ error: { code: "not_found", message: "Not found" } }, { status: 404 });

export async function bareCreateRoom(): Promise<Response> {
  if (!benchRoutesEnabled()) return notFound();
  const { pool, ready } = state();
  await ready;
  const id = randomUUID();
  await pool.query(BASELINE_CREATE_ROOM, [id]);
  return Response.json({ room: { id } }, { status: 201 });
}

export async function bareSend(req: Request, roomId: string): Promise<Response> {
  if (!benchRoutesEnabled()) return notFound();
  const { pool, streams } = state();
  const { body } = (await req.json()) as { body?: unknown };
  const { rows } = await pool.query(BASELINE_INSERT, [roomId, randomUUID(), "baseline", String(body)]);
  if (!rows[0]) return notFound();
  const { message, frame: text } = baselineMessage(rows[0]);
  const frame = encoder.encode(text);
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
        controller.enqueue(encoder.encode(BASELINE_STREAM_START));
      },
      cancel: leave,
    },
    new CountQueuingStrategy({ highWaterMark: 1000 }),
  );
  return new Response(body, { headers: BASELINE_SSE_HEADERS });
}
