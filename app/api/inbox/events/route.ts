import { userRoute } from "@/lib/http";
import { inboxStream } from "@/lib/inbox-stream";
import { sseHeaders } from "@/lib/sse";

export const dynamic = "force-dynamic";

export const GET = userRoute(async ({ req, user }) => new Response(await inboxStream({ userId: user.id, signal: req.signal }), { headers: sseHeaders }));
