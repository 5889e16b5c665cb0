import "server-only";
import { json, memberRoute, readJson, readQuery, sendRoute } from "@/lib/http/routes";
import { historyQuerySchema, sendMessageSchema } from "@/lib/platform/schemas";
import { listMessages } from "@/lib/rooms/messages";
import { sendPersonMessage, takeSendToken } from "@/lib/rooms/rooms";

/**
 * A room's messages: GET /api/rooms/:roomId/messages (history) and POST (a person's send). The App Router
 * serves them; the self-hosted server serves them straight from node:http too (lib/server/node-server), where a
 * send skips Next's request pipeline, the largest share of its CPU.
 */

type Params = { roomId: string };

export const roomHistory = memberRoute<Params>(async ({ req, membership }) => {
  const { after, before, around, limit } = readQuery(req, historyQuerySchema);
  return { messages: await listMessages({ roomId: membership.roomId, after, before, around, limit }) };
});

export const sendToRoom = sendRoute<Params>(async ({ req, session, seat, token }) => {
  const input = await readJson(req, sendMessageSchema);
  const { message, created } = await sendPersonMessage({ seat, sessionId: session.sessionId, ...input, token });
  return json({ message }, created ? 201 : 200);
}, takeSendToken);
