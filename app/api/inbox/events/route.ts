import { userRoute } from "@/lib/http/routes";
import { inboxStream } from "@/lib/streams/inbox-stream";
import { sseHeaders } from "@/lib/streams/sse";

export const dynamic = "force-dynamic";

export const GET = userRoute(async ({ req, user }) => new Response(await inboxStream({ userId: user.id, signal: req.signal }), { headers: sseHeaders }));
