import { json, memberRoute, requestOrigin } from "@/lib/http";
import { createInvite } from "@/lib/rooms";

export const POST = memberRoute<{ roomId: string }>(async ({ req, membership }) =>
  json(await createInvite({ membership, origin: requestOrigin(req) }), 201),
);
