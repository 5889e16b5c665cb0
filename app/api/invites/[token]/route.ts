import { userRoute } from "@/lib/http/routes";
import { acceptInvite } from "@/lib/rooms/invites";

export const POST = userRoute<{ token: string }>(async ({ params, user }) =>
  acceptInvite({ token: params.token, userId: user.id }),
);
