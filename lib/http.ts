import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { type AuthenticatedAgent, authenticateAgent } from "@/lib/agents";
import { requireSessionUser, requireUser, sessionUserId } from "@/lib/auth";
import { findSeat, type Membership, requireMembership } from "@/lib/rooms";
import { AppError, errorResponse, validationError } from "@/lib/errors";
import type { SessionUser } from "@/lib/users";

export const MAX_BODY_BYTES = 64 * 1024;

type RouteContext<P> = { params: Promise<P> };
type Handler<P, Extra> = (ctx: { req: Request; params: P; requestId: string } & Extra) => Promise<unknown>;

/**
 * The one wrapper around route handlers: request id, error mapping, and JSON for plain return values.
 * Handlers return a Response, or a value sent as JSON with 200.
 */
export function route<P = Record<string, never>>(fn: Handler<P, object>) {
  return async (req: Request, context: RouteContext<P>): Promise<Response> => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    try {
      const result = await fn({ req, params: await context.params, requestId });
      return result instanceof Response ? result : Response.json(result, { headers: { "x-request-id": requestId } });
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}

/** Like route(), for signed-in people only (401 otherwise). */
export function userRoute<P = Record<string, never>>(fn: Handler<P, { user: SessionUser }>) {
  return route<P>(async (ctx) => fn({ ...ctx, user: await requireUser() }));
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers });
}

/** Reads a JSON body of at most 64 KB (413 beyond) and validates it (422 on bad input). */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge();
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
  if (!Number.isInteger(version) || version < 0) throw new AppError("bad_request", "If-Match must be a metadata version number");
  return version;
}

/** The origin the caller used (behind a proxy: its forwarded host), for links sent back to them. */
export function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? url.host;
  const proto = req.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}

function tooLarge() {
  return new AppError("payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KB`);
}

/** Like userRoute(), for members of the room in the path (404 for everyone else). */
export function memberRoute<P extends { roomId: string }>(fn: Handler<P, { user: SessionUser; membership: Membership }>) {
  return route<P>(async (ctx) => {
    const { roomId } = ctx.params;
    const userId = await sessionUserId();
    // The person and their seat are independent reads: both start now, and the person is checked first
    // (401 before 404). If that check throws, nobody awaits the seat: mark its failure as handled.
    const seat = userId ? findSeat({ roomId, userId }) : undefined;
    seat?.catch(() => {});
    const user = await requireSessionUser(userId);
    return fn({ ...ctx, user, membership: await requireMembership({ roomId, user, seat }) });
  });
}

/** Like route(), for agents with a bearer token; a 401 says how to authenticate. */
export function agentRoute<P = Record<string, never>>(fn: Handler<P, { agent: AuthenticatedAgent }>) {
  const inner = route<P>(async (ctx) => fn({ ...ctx, agent: await authenticateAgent(ctx.req.headers.get("authorization")) }));
  return async (req: Request, context: RouteContext<P>): Promise<Response> => withBearerChallenge(await inner(req, context));
}

export function withBearerChallenge(res: Response): Response {
  if (res.status === 401) res.headers.set("www-authenticate", 'Bearer realm="parley", error="invalid_token"');
  return res;
}
