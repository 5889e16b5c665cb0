import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isDraining } from "@/lib/shutdown";
import { apiHeaders, securityHeaders } from "@/lib/security-headers";
import { pageStream, roomStream } from "@/lib/stream-routes";

/**
 * Streams straight from node:http. A route handler's stream keeps Next's whole request state alive for as
 * long as it is open (about 75 KB each); served here, the same handler (lib/stream-routes: auth,
 * membership, resume) costs a fraction of that. The self-hosted server (scripts/stream-server.cjs, loaded
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

async function respond(req: IncomingMessage, res: ServerResponse, handler: Handler, params: Params): Promise<void> {
  const aborted = new AbortController();
  res.once("close", () => aborted.abort());
  const response = await handler(webRequest(req, aborted.signal), { params: Promise.resolve(params) });
  res.statusCode = response.status;
  for (const [name, value] of Object.entries({ ...securityHeaders, ...apiHeaders })) res.setHeader(name, value);
  for (const [name, value] of response.headers) res.setHeader(name, value);
  if (!response.body) return void res.end();
  res.flushHeaders();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      // The stream's own queue holds what the client has not taken yet (and cuts off one that stalls).
      if (!res.write(value)) await writable(res);
    }
  } catch {
    // the client went away
  } finally {
    reader.cancel().catch(() => {});
    res.end();
  }
}

/** Resolves once the response can take more (or the client is gone). */
function writable(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    res.once("drain", resolve);
    res.once("close", resolve);
  });
}

/** The request as a route handler sees it, with the forwarded headers Next would have added. */
function webRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const encrypted = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  if (!headers.has("x-forwarded-host") && req.headers.host) headers.set("x-forwarded-host", req.headers.host);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", encrypted ? "https" : "http");
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress)
    headers.set("x-forwarded-for", req.socket.remoteAddress);
  const host = req.headers.host ?? "localhost";
  return new Request(`${encrypted ? "https" : "http"}://${host}${req.url}`, { headers, signal });
}
