import { json, memberRoute, requestOrigin } from "@/lib/http/routes";
import { createInvite, listOpenInvites } from "@/lib/rooms/invites";

export const GET = memberRoute<{ roomId: string }>(async ({ membership }) => ({
  invites: await listOpenInvites({ membership }),
}));

export const POST = memberRoute<{ roomId: string }>(async ({ req, membership }) =>
  json(await createInvite({ membership, origin: requestOrigin(req) }), 201),
);
