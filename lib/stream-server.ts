import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isDraining } from "@/lib/shutdown";
import { apiHeaders, securityHeaders } from "@/lib/security-headers";
import { markStreamedByNode, pipeSse, sseSourceOf } from "@/lib/sse";
import { pageStream, roomStream } from "@/lib/stream-routes";

/**
 * Streams straight from node:http. A route handler's stream keeps Next's whole request state alive for as
 * long as it is open (about 75 KB each); served here, the same handler (lib/stream-routes: auth,
 * membership, resume) decides what to stream, and its frames are written to Node's response with no
 * ReadableStream, Request or timer of their own in between. The self-hosted server (scripts/stream-server.cjs, loaded
 * before Next's) offers each request to serve() first; everything else goes on to Next.
 */

type Params = Record<string, string>;
type Handler = (req: Request, context: { params: Promise<Params> }) => Promise<Response>;

const routes: { path: RegExp; handler: Handler; params: (match: RegExpMatchArray) => Params }[] = [
  { path: /^\/api\/events$/, handler: pageStream as Handler, params: () => ({}) },
  {
    path: /^\/api\/rooms\/([^/]+)\/events$/,
    handler: roomStream as Handler,
    params: (m) => ({ roomId: decodeURIComponent(m[1]) }),
  },
];

export type StreamServerHooks = {
  /** Serves the request if it is a stream; false for anything else (Next's). */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** Whether the process is shutting down: every response then says `Connection: close`. */
  draining(): boolean;
};

export function installStreamServer(): void {
  (globalThis as { parleyStreamServer?: StreamServerHooks }).parleyStreamServer = { serve, draining: isDraining };
}

function serve(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" || !req.url) return false;
  const pathname = req.url.split("?", 1)[0];
  for (const route of routes) {
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

// Next adds these to every API response; the streams served here carry them too.
const commonHeaders = Object.entries({ ...securityHeaders, ...apiHeaders });

async function respond(req: IncomingMessage, res: ServerResponse, handler: Handler, params: Params): Promise<void> {
  const response = await handler(webRequest(req), { params: Promise.resolve(params) });
  res.statusCode = response.status;
  for (const [name, value] of commonHeaders) res.setHeader(name, value);
  for (const [name, value] of response.headers) res.setHeader(name, value);
  const source = sseSourceOf(response);
  if (!source) return void res.end(Buffer.from(await response.arrayBuffer())); // a refusal: 401, 404…
  if (res.destroyed) return; // the client left while the route checked it
  res.flushHeaders();
  pipeSse(res, source);
}

/**
 * The request as a route handler sees it, with the forwarded headers Next would have added. It lives only
 * while the route checks the request: the stream itself holds the node:http response, not this.
 */
function webRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  const encrypted = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  const host = headers.get("host") ?? "localhost";
  if (!headers.has("x-forwarded-host")) headers.set("x-forwarded-host", host);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", encrypted ? "https" : "http");
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress)
    headers.set("x-forwarded-for", req.socket.remoteAddress);
  return markStreamedByNode(new Request(`${encrypted ? "https" : "http"}://${host}${req.url}`, { headers }));
}
