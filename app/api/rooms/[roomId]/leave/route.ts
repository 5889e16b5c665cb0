import { memberRoute } from "@/lib/http/routes";
import { leaveRoom } from "@/lib/rooms/rooms";

export const POST = memberRoute<{ roomId: string }>(async ({ membership }) => {
  await leaveRoom({ membership });
  return { left: true };
});
