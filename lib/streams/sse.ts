import "server-only";
import type { ServerResponse } from "node:http";
import { env } from "@/lib/platform/env";
import { log } from "@/lib/platform/log";
import { metrics } from "@/lib/platform/metrics";
import { shutdownSignal } from "@/lib/platform/shutdown";

/** What every Server-Sent Events stream of Parley shares: headers, keep-alive, shutdown, one way to end. */

export const sseHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

export type SseKind = "room" | "admin" | "inbox" | "page";

export type SseWriter = {
  /** Writes a frame; a reader whose queue is full is disconnected instead (it resumes from its last id). */
  send(frame: string): void;
  /** Frames the queue can take before it is full. */
  readonly room: number;
  readonly closed: boolean;
  /** Runs `cleanup` when the stream ends, however it ends (at once if it has ended already). */
  onClose(cleanup: () => void): void;
  close(): void;
};

/** What a stream route decided to stream, once it has checked who may see what. */
export type SseSource = { kind: SseKind; start(sse: SseWriter): Promise<void> };

/** Where a stream's frames go: a ReadableStream's queue (Next's responses) or a node:http response. */
type Sink = { write(frame: string): void; readonly room: number; end(): void };

const KEEP_ALIVE = ": keep-alive\n\n";
/** Asks the client to reconnect at once (it resumes from its last id): the server is going away, or the stream is old. */
const reconnect = (reason: "shutdown" | "lifetime") => `event: reconnect\ndata: ${JSON.stringify({ reason })}\n\n`;

/**
 * How long a stream may stay open. A serverless platform cuts a function off at its maximum duration
 * (the stream routes declare 300 s): ending first, with a `reconnect`, makes the client resume at once.
 */
const lifetimeMs = (env.SSE_MAX_SECONDS ?? (process.env.VERCEL ? 270 : 0)) * 1000;

// Every open stream of this module, so that one timer keeps them all alive and one listener closes them
// on shutdown: an idle stream then holds no timer or listener of its own.
const open = new Set<Stream>();
let keepAliveTimer: NodeJS.Timeout | undefined;

function watchOpenStreams(): void {
  if (keepAliveTimer) return;
  keepAliveTimer = setInterval(() => {
    const now = Date.now();
    for (const stream of open) {
      if (lifetimeMs && now - stream.openedAt >= lifetimeMs) stream.endWithReconnect("lifetime");
      else stream.send(KEEP_ALIVE);
    }
  }, env.SSE_KEEPALIVE_SECONDS * 1000).unref();
  // On shutdown: say so, and close; the client reconnects (to another instance) from its last id.
  shutdownSignal.addEventListener("abort", () => {
    for (const stream of open) stream.endWithReconnect("shutdown");
  });
}

/**
 * One open stream. The client going away, a full queue, server shutdown (a `reconnect` event first) and a
 * failure in its source all end it the same way, once, running every cleanup registered so far or later.
 */
class Stream implements SseWriter {
  closed = false;
  readonly openedAt = Date.now();
  private cleanups: (() => void)[] = [];

  constructor(
    private readonly kind: SseKind,
    private readonly sink: Sink,
  ) {
    watchOpenStreams();
    open.add(this);
    metrics.sseConnections.inc({ kind });
  }

  get room(): number {
    return this.sink.room;
  }

  send(frame: string): void {
    if (this.closed) return;
    if (this.sink.room > 0) this.sink.write(frame);
    else this.close();
  }

  onClose(cleanup: () => void): void {
    if (this.closed) cleanup();
    else this.cleanups.push(cleanup);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    open.delete(this);
    metrics.sseConnections.dec({ kind: this.kind });
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
    this.sink.end();
  }

  endWithReconnect(reason: "shutdown" | "lifetime"): void {
    this.send(reconnect(reason));
    this.close();
  }

  async run(start: SseSource["start"]): Promise<void> {
    if (shutdownSignal.aborted) {
      this.endWithReconnect("shutdown");
      return;
    }
    try {
      await start(this);
    } catch (err) {
      log.error("stream failed", { kind: this.kind, error: err instanceof Error ? err.message : String(err) });
      this.close();
    }
  }
}

const encoder = new TextEncoder();

/** A stream as a ReadableStream, for a route handler's Response; it ends when `signal` aborts. */
export function sseStream({ kind, signal, start }: SseSource & { signal: AbortSignal }): ReadableStream<Uint8Array> {
  let stream: Stream | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        stream = new Stream(kind, {
          write: (frame) => controller.enqueue(encoder.encode(frame)),
          get room() {
            return controller.desiredSize ?? 0;
          },
          end() {
            try {
              controller.close();
            } catch {
              // already closed by the client
            }
          },
        });
        const opened = stream;
        signal.addEventListener("abort", () => opened.close());
        if (signal.aborted) opened.close();
        else void opened.run(start);
      },
      cancel() {
        stream?.close();
      },
    },
    new CountQueuingStrategy({ highWaterMark: env.SSE_MAX_QUEUE }),
  );
}

/**
 * A stream written straight to a node:http response (lib/server/node-server). The socket's own buffer holds
 * what the client has not read; frames written beyond it count against SSE_MAX_QUEUE until it drains.
 */
export function pipeSse(res: ServerResponse, { kind, start }: SseSource): void {
  let backlog = 0;
  res.on("drain", () => {
    backlog = 0;
  });
  const stream = new Stream(kind, {
    write(frame) {
      if (!res.write(frame)) backlog++;
    },
    get room() {
      return env.SSE_MAX_QUEUE - backlog;
    },
    end: () => res.end(),
  });
  res.once("close", () => stream.close());
  void stream.run(start);
}

// A request the node:http stream server passes to a route handler carries this mark; the handler's
// response then carries the source, which that server pipes itself (Symbol.for: Next's bundles and the
// server's may hold separate copies of this module).
const STREAMED_BY_NODE = Symbol.for("parley.sse.streamedByNode");
const SOURCE = Symbol.for("parley.sse.source");

export function markStreamedByNode(req: Request): Request {
  return Object.assign(req, { [STREAMED_BY_NODE]: true });
}

export function sseSourceOf(response: Response): SseSource | undefined {
  return (response as Response & { [SOURCE]?: SseSource })[SOURCE];
}

/** A stream route's answer: Next streams it as the body, the node:http stream server pipes it itself. */
export function sseResponse(req: Request, source: SseSource): Response {
  if (!(STREAMED_BY_NODE in req)) {
    return new Response(sseStream({ ...source, signal: req.signal }), { headers: sseHeaders });
  }
  return Object.assign(new Response(null, { headers: sseHeaders }), { [SOURCE]: source });
}
