import { adminEventStream } from "@/lib/admin-stream";
import { adminRoute } from "@/lib/http";
import { sseHeaders } from "@/lib/sse";

export const dynamic = "force-dynamic";

/** SSE for admin pages: the system heartbeat of the instance serving the stream. */
export const GET = adminRoute(async ({ req }) => new Response(adminEventStream({ signal: req.signal }), { headers: sseHeaders }));
