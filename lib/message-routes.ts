import "server-only";
import { json, memberRoute, readJson, readQuery } from "@/lib/http";
import { listMessages } from "@/lib/messages";
import { sendPersonMessage, takeSendToken } from "@/lib/rooms";
import { historyQuerySchema, sendMessageSchema } from "@/lib/schemas";

/**
 * A room's messages: GET /api/rooms/:roomId/messages (history) and POST (a person's send). The App Router
 * serves them; the self-hosted server serves them straight from node:http too (lib/node-server), where a
 * send skips Next's request pipeline, the largest share of its CPU.
 */

type Params = { roomId: string };

export const roomHistory = memberRoute<Params>(async ({ req, membership }) => {
  const { after, before, around, limit } = readQuery(req, historyQuerySchema);
  return { messages: await listMessages({ roomId: membership.roomId, after, before, around, limit }) };
});

// A send uses the seat only to name the sender, and its insert checks the seat again: it may be remembered.
// Its rate-limit token is taken while the person and the seat are read.
export const sendToRoom = memberRoute<Params>(
  async ({ req, membership, token }) => {
    const { body, clientId, replyToSeq } = await readJson(req, sendMessageSchema);
    const { message, created } = await sendPersonMessage({ membership, body, clientId, replyToSeq, token });
    return json({ message }, created ? 201 : 200);
  },
  { rememberSeat: true, rateLimit: takeSendToken },
);
