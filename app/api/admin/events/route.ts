import { adminRoute } from "@/lib/http/routes";
import { adminEventStream } from "@/lib/streams/admin-stream";
import { sseHeaders } from "@/lib/streams/sse";

export const dynamic = "force-dynamic";
// Serverless platforms end a function here; the stream ends itself first (SSE_MAX_SECONDS) and is resumed.
export const maxDuration = 300;

/** SSE for admin pages: the system heartbeat of the instance serving the stream. */
export const GET = adminRoute(
  async ({ req }) => new Response(adminEventStream({ signal: req.signal }), { headers: sseHeaders }),
);
