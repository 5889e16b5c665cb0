import { adminEventStream } from "@/lib/admin-stream";
import { requireAdmin } from "@/lib/auth";
import { route } from "@/lib/http";
import { sseHeaders } from "@/lib/room-stream";

export const dynamic = "force-dynamic";

/** SSE for admin pages: the system heartbeat of the instance serving the stream. */
export const GET = route(async ({ req }) => {
  await requireAdmin();
  return new Response(adminEventStream({ signal: req.signal }), { headers: sseHeaders });
});
