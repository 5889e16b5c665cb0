import { userRoute } from "@/lib/http";
import { acceptInvite } from "@/lib/invites";

export const POST = userRoute<{ token: string }>(async ({ params, user }) => acceptInvite({ token: params.token, userId: user.id }));
