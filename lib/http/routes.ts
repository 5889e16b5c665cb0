import "server-only";
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { type AuthenticatedAgent, authenticateAgent } from "@/lib/agents/agents";
import { readSession, requireAdminRole, requireSessionUser } from "@/lib/auth/authjs";
import { mcpResourceOf, resourceMetadataUrlOf } from "@/lib/auth/oauth";
import { OAuthError } from "@/lib/auth/oauth-core";
import type { SessionRef } from "@/lib/auth/sessions";
import type { SignedInUser } from "@/lib/auth/users";
import { env } from "@/lib/platform/env";
import { AppError, errorResponse, validationError } from "@/lib/platform/errors";
import { log, withRequestId } from "@/lib/platform/log";
import { metrics, routePattern } from "@/lib/platform/metrics";
import { isStorableText } from "@/lib/platform/schemas";
import { isDraining, trackRequest } from "@/lib/platform/shutdown";
import { findSeat, type Membership, requireMembership, requireRememberedSeat, type Seat } from "@/lib/rooms/rooms";

export const MAX_BODY_BYTES = 64 * 1024;

type RouteContext<P> = { params: Promise<P> };
type Handler<P, Extra> = (ctx: { req: Request; params: P; requestId: string } & Extra) => Promise<unknown>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one wrapper around route handlers: request id (also on every log line written meanwhile),
 * cross-site refusal, error mapping, metrics and a log line per request, and JSON for plain return values.
 * Handlers return a Response, or a value sent as JSON with 200.
 */
export function route<P = Record<string, never>>(fn: Handler<P, object>) {
  return async (req: Request, context: RouteContext<P>): Promise<Response> => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
    const started = performance.now();
    const params = await context.params;
    const pattern = routePattern(new URL(req.url).pathname, params as Record<string, unknown>);
    const response = await withRequestId(requestId, () =>
      trackRequest(async () => {
        try {
          if (isDraining()) {
            throw new AppError("unavailable", "The server is restarting: try again in a moment", {
              retryAfterSeconds: 1,
            });
          }
          refuseCrossSite(req);
          // An id no row can have (the database would refuse to compare it) names nothing.
          if (Object.values(params ?? {}).some((p) => typeof p === "string" && !isStorableText(p)))
            throw new AppError("not_found", "Not found");
          const result = await fn({ req, params, requestId });
          return result instanceof Response ? result : Response.json(result);
        } catch (err) {
          return errorResponse(err, requestId);
        }
      }),
    );
    try {
      if (!response.headers.has("x-request-id")) response.headers.set("x-request-id", requestId);
      // Shutting down: a keep-alive client must not send its next request on a socket about to close.
      if (isDraining()) response.headers.set("connection", "close");
    } catch {
      // immutable headers (a redirect): the id is still in the log line
    }
    const seconds = (performance.now() - started) / 1000;
    metrics.httpDuration.observe({ method: req.method, route: pattern, status: String(response.status) }, seconds);
    withRequestId(requestId, () =>
      log.info("request", {
        method: req.method,
        route: pattern,
        status: response.status,
        ms: Math.round(seconds * 1000),
      }),
    );
    return response;
  };
}

/**
 * Browsers attach cookies to cross-site requests, so a state-changing request authenticated by cookie
 * must come from our own pages. Browsers send Sec-Fetch-Site (or at least Origin) with every such request;
 * programs without either cannot carry a victim's cookies. Bearer-token calls are not at risk, and
 * Auth.js protects /api/auth/* with its own CSRF token.
 */
function refuseCrossSite(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (/^Bearer\s/i.test(req.headers.get("authorization") ?? "")) return;
  if (!req.headers.get("cookie")) return;
  const site = req.headers.get("sec-fetch-site");
  if (site) {
    if (site === "same-origin" || site === "none") return;
    throw crossSite();
  }
  const origin = req.headers.get("origin");
  if (!origin) return;
  const allowed = [requestOrigin(req), env.PUBLIC_URL && new URL(env.PUBLIC_URL).origin];
  if (!allowed.includes(origin)) throw crossSite();
}

function crossSite() {
  return new AppError("forbidden", "Cross-site request refused: send it from Parley's own pages");
}

/** Whether an `Authorization: Bearer` header carries `secret` (compared in constant time). */
export function bearerMatches(req: Request, secret: string | undefined): boolean {
  if (!secret) return false;
  const token = req.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) return false;
  const [a, b] = [createHash("sha256").update(token).digest(), createHash("sha256").update(secret).digest()];
  return timingSafeEqual(a, b);
}

/** Like route(), for signed-in people only (401 otherwise). */
export function userRoute<P = Record<string, never>>(fn: Handler<P, { user: SignedInUser }>) {
  return route<P>(async (ctx) => fn({ ...ctx, user: await requireSessionUser(await readSession(ctx.req.headers)) }));
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers });
}

/**
 * The body's bytes, at most `maxBytes` (64 KB unless a route allows more; `tooLargeError`, a 413, beyond). It
 * stops reading at the limit, so a chunked body without Content-Length cannot make the server buffer more.
 */
export async function readBytes(
  req: Request,
  maxBytes = MAX_BODY_BYTES,
  tooLargeError: () => AppError = () => tooLarge(maxBytes),
): Promise<Buffer<ArrayBuffer>> {
  if (Number(req.headers.get("content-length") ?? 0) > maxBytes) throw tooLargeError();
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await req.body.cancel().catch(() => {});
      throw tooLargeError();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The body as text, at most 64 KB unless a route allows more (413 beyond): readBytes(), decoded. */
export async function readBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  return (await readBytes(req, maxBytes)).toString("utf8");
}

/** Reads a JSON body of at most 64 KB, or `maxBytes` (413 beyond), and validates it (422 on bad input). */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes?: number): Promise<z.infer<S>> {
  const text = await readBody(req, maxBytes);
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** A JSON object body for callers that validate it themselves (the agent API does). */
export const readJsonObject = (req: Request, maxBytes?: number) =>
  readJson(req, z.record(z.string(), z.unknown()), maxBytes);

export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** `If-Match: <version>` (quoted or not) as a number; undefined when absent. */
export function ifMatchVersion(req: Request): number | undefined {
  const raw = req.headers.get("if-match");
  if (raw === null) return undefined;
  const version = Number(raw.replace(/^W\//, "").replaceAll('"', "").trim());
  if (!Number.isInteger(version) || version < 0)
    throw new AppError("bad_request", "If-Match must be a metadata version number");
  return version;
}

/** The origin the caller used (behind a proxy: its forwarded host), for links sent back to them. */
export function requestOrigin(req: Request): string {
  return originOf(req.headers, new URL(req.url));
}

export function originOf(headers: Headers, url?: URL): string {
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? url?.host;
  const proto = headers.get("x-forwarded-proto") ?? url?.protocol.replace(":", "") ?? "http";
  return `${proto}://${host}`;
}

function tooLarge(maxBytes: number) {
  return new AppError("payload_too_large", `Request bodies are limited to ${Math.round(maxBytes / 1024)} KB`);
}

/** Like userRoute(), for members of the room in the path (404 for everyone else). */
export function memberRoute<P extends { roomId: string }>(
  fn: Handler<P, { user: SignedInUser; membership: Membership }>,
) {
  return route<P>(async (ctx) => {
    const { roomId } = ctx.params;
    const session = await readSession(ctx.req.headers);
    // The person and their seat are independent reads: both start now, and the person is checked first
    // (401 before 404). If that check throws, nobody awaits the seat: mark its failure as handled.
    const seat = session ? findSeat({ roomId, userId: session.userId }) : undefined;
    seat?.catch(() => {});
    const user = await requireSessionUser(session);
    return fn({ ...ctx, user, membership: await requireMembership({ roomId, user, seat }) });
  });
}

/**
 * For a person's send into the room in the path, the busiest route: nothing waits for a read of the person.
 * The seat comes from this process's memory (lib/realtime/seat-cache), a rate-limit token is taken meanwhile (the
 * handler awaits `token`, which rejects with the 429, when it decides), and the handler's write checks the
 * seat and that the session is still live in the statement that stores the message, so a removal or a
 * sign-out holds at once. The person is read only when the route refuses, so that a signed-out cookie
 * hears 401 before any other answer.
 */
export function sendRoute<P extends { roomId: string }>(
  fn: Handler<P, { session: SessionRef; seat: Seat; token: Promise<void> }>,
  rateLimit: (userId: string) => Promise<void>,
) {
  return route<P>(async (ctx) => {
    const session = await readSession(ctx.req.headers);
    if (!session) return requireSessionUser(session); // throws the 401
    const signedOutFirst = async (err: unknown): Promise<never> => {
      await requireSessionUser(session);
      throw err;
    };
    const token = rateLimit(session.userId).catch(signedOutFirst);
    token.catch(() => {});
    try {
      const seat = await requireRememberedSeat({ roomId: ctx.params.roomId, userId: session.userId });
      return await fn({ ...ctx, session, seat, token });
    } catch (err) {
      return signedOutFirst(err);
    }
  });
}

/**
 * Like route(), for agents with a bearer token; a 401 says how to authenticate. With `mcp`, OAuth access
 * tokens issued for the MCP endpoint are accepted too, and the 401 points to its resource metadata.
 */
export function agentRoute<P = Record<string, never>>(
  fn: Handler<P, { agent: AuthenticatedAgent }>,
  { mcp = false } = {},
) {
  const inner = route<P>(async (ctx) => {
    const origin = requestOrigin(ctx.req);
    const agent = await authenticateAgent(
      ctx.req.headers.get("authorization"),
      mcp ? mcpResourceOf(origin) : undefined,
    );
    return fn({ ...ctx, agent });
  });
  return async (req: Request, context: RouteContext<P>): Promise<Response> => {
    const res = await inner(req, context);
    if (res.status !== 401) return res;
    const challenge = ['Bearer realm="parley"'];
    if (mcp) challenge.push(`resource_metadata="${resourceMetadataUrlOf(requestOrigin(req))}"`);
    if (req.headers.has("authorization")) challenge.push('error="invalid_token"');
    res.headers.set("www-authenticate", challenge.join(", "));
    return res;
  };
}

/** Like userRoute(), for admins only (403 for everyone else who is signed in). */
export function adminRoute<P = Record<string, never>>(fn: Handler<P, { user: SignedInUser }>) {
  return route<P>(async (ctx) =>
    fn({ ...ctx, user: requireAdminRole(await requireSessionUser(await readSession(ctx.req.headers))) }),
  );
}

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "content-type, authorization, mcp-protocol-version",
};

/**
 * OAuth endpoints speak OAuth's error shape (`{ error, error_description }`) and allow any origin:
 * they use no cookies, and browser-based MCP clients call them directly.
 */
export function oauthRoute(fn: (req: Request) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    let res: Response;
    try {
      res = await fn(req);
    } catch (err) {
      res = err instanceof OAuthError ? err.toResponse() : errorResponse(err, randomUUID());
    }
    for (const [name, value] of Object.entries(CORS)) res.headers.set(name, value);
    return res;
  };
}

export const oauthPreflight = () =>
  new Response(null, { status: 204, headers: { ...CORS, "access-control-allow-methods": "GET, POST, OPTIONS" } });

/** Reads an `application/x-www-form-urlencoded` body (OAuth token and revocation requests). */
export async function readForm(req: Request): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}
