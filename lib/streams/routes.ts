import "server-only";
import { z } from "zod";
import { requireAdminRole } from "@/lib/auth/authjs";
import { memberRoute, readQuery, userRoute } from "@/lib/http/routes";
import { text } from "@/lib/platform/schemas";
import { requireMembership } from "@/lib/rooms/rooms";
import { followSystem } from "@/lib/streams/admin-stream";
import { activityRooms, followActivity } from "@/lib/streams/inbox-stream";
import { followRoom } from "@/lib/streams/room-stream";
import { sseResponse } from "@/lib/streams/sse";

/**
 * The streaming routes. The App Router serves them (on Vercel and wherever Next runs alone); the
 * self-hosted server also serves them straight from node:http (lib/server/node-server), where a stream holds
 * far less memory: both run these same handlers, auth, membership and resume included.
 */

const cursor = z.coerce.number().int().min(0);

/** Last-Event-ID (set by EventSource on reconnect) wins over ?after= from the first connection. */
function resumeAfter(req: Request): number {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("after") ?? "0";
  return cursor.catch(0).parse(raw);
}

/** GET /api/rooms/:roomId/events: one room's events (for API clients; pages use the page stream). */
export const roomStream = memberRoute<{ roomId: string }>(async ({ req, membership }) => {
  const after = resumeAfter(req);
  return sseResponse(req, { kind: "room", start: (sse) => followRoom(sse, { membership, after }) });
});

const pageStreamQuery = z
  .object({
    room: text().max(100).optional(),
    after: cursor.optional(),
    activity: z.literal("1").optional(),
    admin: z.literal("1").optional(),
  })
  .refine((q) => q.room || q.activity || q.admin, "Name what to follow: room, activity or admin");

/**
 * GET /api/events?room=&after=&activity=1&admin=1: everything a page follows in one stream: a room's
 * events (resumed exactly: only the room's history carries ids, so Last-Event-ID is the room's seq), the
 * activity across the person's rooms, and for admins the heartbeat. One connection per tab, not one per
 * component.
 */
export const pageStream = userRoute(async ({ req, user }) => {
  const query = readQuery(req, pageStreamQuery);
  const membership = query.room ? await requireMembership({ roomId: query.room, user }) : null;
  if (query.admin) requireAdminRole(user);
  const seats = query.activity ? await activityRooms(user.id) : [];
  const after = resumeAfter(req);
  return sseResponse(req, {
    kind: "page",
    async start(sse) {
      sse.send("retry: 1000\n\n");
      if (query.activity) await followActivity(sse, { userId: user.id, seats });
      if (query.admin) await followSystem(sse);
      // The room last: its replay ends with the stream's one `ready`.
      if (membership) await followRoom(sse, { membership, after });
      else sse.send("event: ready\ndata: {}\n\n");
    },
  });
});
