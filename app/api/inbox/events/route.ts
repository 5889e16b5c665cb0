import { userRoute } from "@/lib/http/routes";
import { inboxStream } from "@/lib/streams/inbox-stream";
import { sseHeaders } from "@/lib/streams/sse";

export const dynamic = "force-dynamic";
// Serverless platforms end a function here; the stream ends itself first (SSE_MAX_SECONDS) and is resumed.
export const maxDuration = 300;

export const GET = userRoute(
  async ({ req, user }) =>
    new Response(await inboxStream({ userId: user.id, signal: req.signal }), { headers: sseHeaders }),
);
