import { revokeToken } from "@/lib/agents/agents";
import { userRoute } from "@/lib/http/routes";

export const DELETE = userRoute<{ agentId: string; tokenId: string }>(async ({ params, user }) => {
  await revokeToken({ ownerId: user.id, ...params });
  return new Response(null, { status: 204 });
});
