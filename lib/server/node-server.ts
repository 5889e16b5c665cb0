import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendToRoom } from "@/lib/http/message-routes";
import { MAX_BODY_BYTES } from "@/lib/http/routes";
import { apiHeaders, securityHeaders } from "@/lib/http/security-headers";
import { isDraining } from "@/lib/platform/shutdown";
import { pageStream, roomStream } from "@/lib/streams/routes";
import { markStreamedByNode, pipeSse, sseSourceOf } from "@/lib/streams/sse";

/**
 * The busiest routes, served straight from node:http. The self-hosted server (scripts/node-server.cjs,
 * loaded before Next's) offers each request to serve() first; everything else goes on to Next. Both run the
 * same route handlers (auth, membership, limits, errors), only the pipeline around them differs:
 * - streams: a route handler's stream keeps Next's whole request state alive for as long as it is open
 *   (about 75 KB each); here the handler decides what to stream and its frames are written to Node's
 *   response with no ReadableStream, Request or timer of their own in between;
 * - a person's send: Next's request pipeline costs it more CPU than the send itself. (Other JSON routes
 *   stay with Next, which also compresses what they answer.)
 */

type Params = Record<string, string>;
type Handler = (req: Request, context: { params: Promise<Params> }) => Promise<Response>;

const roomId = (m: RegExpMatchArray) => ({ roomId: decodeURIComponent(m[1]) });
const routes: { method: string; path: RegExp; handler: Handler; params: (match: RegExpMatchArray) => Params }[] = [
  { method: "GET", path: /^\/api\/events$/, handler: pageStream as Handler, params: () => ({}) },
  { method: "GET", path: /^\/api\/rooms\/([^/]+)\/events$/, handler: roomStream as Handler, params: roomId },
  { method: "POST", path: /^\/api\/rooms\/([^/]+)\/messages$/, handler: sendToRoom as Handler, params: roomId },
];

export type NodeServerHooks = {
  /** Serves the request if it is one of the routes above; false for anything else (Next's). */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** Whether the process is shutting down: every response then says `Connection: close`. */
  draining(): boolean;
};

export function installNodeServer(): void {
  (globalThis as { parleyNodeServer?: NodeServerHooks }).parleyNodeServer = { serve, draining: isDraining };
}

function serve(req: IncomingMessage, res: ServerResponse): boolean {
  if (!req.url) return false;
  const pathname = req.url.split("?", 1)[0];
  for (const route of routes) {
    if (route.method !== req.method) continue;
    const match = pathname.match(route.path);
    if (!match) continue;
    let params: Params;
    try {
      params = route.params(match);
    } catch {
      return false; // a malformed escape: Next answers it
    }
    respond(req, res, route.handler, params).catch(() => res.destroy());
    return true;
  }
  return false;
}

// Next adds these to every API response; the routes served here carry them too.
const commonHeaders = Object.entries({ ...securityHeaders, ...apiHeaders });

async function respond(req: IncomingMessage, res: ServerResponse, handler: Handler, params: Params): Promise<void> {
  const body = req.method === "GET" ? undefined : await readCapped(req);
  const response = await handler(webRequest(req, body), { params: Promise.resolve(params) });
  res.statusCode = response.status;
  for (const [name, value] of commonHeaders) res.setHeader(name, value);
  for (const [name, value] of response.headers) res.setHeader(name, value);
  const source = sseSourceOf(response);
  if (!source) return void res.end(Buffer.from(await response.arrayBuffer()));
  if (res.destroyed) return; // the client left while the route checked it
  res.flushHeaders();
  pipeSse(res, source);
}

/**
 * The body, read no further than one byte past the route's limit: the route's own check (readBody) then
 * answers 413, and Node discards the rest once the response is sent.
 */
function readCapped(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off("data", onData).off("end", done).off("error", reject);
      resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_BODY_BYTES) done();
    };
    req.on("data", onData).on("end", done).on("error", reject);
  });
}

/**
 * The request as a route handler sees it, with the forwarded headers Next would have added. It lives only
 * while the route handles the request: a stream holds the node:http response, not this.
 */
function webRequest(req: IncomingMessage, body: Buffer | undefined): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  const encrypted = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  const host = headers.get("host") ?? "localhost";
  if (!headers.has("x-forwarded-host")) headers.set("x-forwarded-host", host);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", encrypted ? "https" : "http");
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress)
    headers.set("x-forwarded-for", req.socket.remoteAddress);
  const url = `${encrypted ? "https" : "http"}://${host}${req.url}`;
  // A view of the bytes read, not a copy.
  const bytes = body && new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
  return markStreamedByNode(new Request(url, { method: req.method, headers, body: bytes }));
}
