import { env } from "@/lib/env";
import { json, memberRoute, readJson, readQuery } from "@/lib/http";
import { appendMessage, listMessages } from "@/lib/messages";
import { createRateLimiter } from "@/lib/rate-limit";
import { markRead } from "@/lib/rooms";
import { historyQuerySchema, sendMessageSchema } from "@/lib/schemas";

type Params = { roomId: string };

const sendLimit = createRateLimiter({ name: "send_message", perMinute: env.SEND_RATE_PER_MINUTE, burst: Math.max(10, env.SEND_RATE_PER_MINUTE / 4) });

export const GET = memberRoute<Params>(async ({ req, membership }) => {
  const { after, before, limit } = readQuery(req, historyQuerySchema);
  return { messages: await listMessages({ roomId: membership.roomId, after, before, limit }) };
});

export const POST = memberRoute<Params>(async ({ req, user, membership }) => {
  sendLimit(user.id, "messages");
  const { body, clientId, replyToSeq } = await readJson(req, sendMessageSchema);
  const { message, created } = await appendMessage({ roomId: membership.roomId, sender: membership.sender, body, clientId, replyToSeq });
  if (created) void markRead({ membership, seq: message.seq });
  return json({ message }, created ? 201 : 200);
});
