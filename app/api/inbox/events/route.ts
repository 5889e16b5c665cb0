import { userRoute } from "@/lib/http";
import { inboxStream } from "@/lib/inbox-stream";

export const dynamic = "force-dynamic";

export const GET = userRoute(async ({ req, user }) => inboxStream({ userId: user.id, signal: req.signal }));
