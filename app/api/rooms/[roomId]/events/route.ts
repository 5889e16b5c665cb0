import { z } from "zod";
import { memberRoute } from "@/lib/http";
import { roomEventStream } from "@/lib/room-stream";
import { sseHeaders } from "@/lib/sse";

export const dynamic = "force-dynamic";

const cursor = z.coerce.number().int().min(0);

export const GET = memberRoute<{ roomId: string }>(async ({ req, membership }) => {
  // Last-Event-ID (set by EventSource on reconnect) wins over ?after= from the first connection.
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("after") ?? "0";
  const after = cursor.catch(0).parse(raw);
  return new Response(roomEventStream({ membership, after, signal: req.signal }), { headers: sseHeaders });
});
