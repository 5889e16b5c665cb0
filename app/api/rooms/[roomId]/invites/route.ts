import { json, memberRoute } from "@/lib/http";
import { createInvite } from "@/lib/rooms";

export const POST = memberRoute<{ roomId: string }>(async ({ req, membership }) =>
  json(await createInvite({ membership, origin: new URL(req.url).origin }), 201),
);
