import { memberRoute } from "@/lib/http";
import { leaveRoom } from "@/lib/rooms";

export const POST = memberRoute<{ roomId: string }>(async ({ membership }) => {
  await leaveRoom({ membership });
  return { left: true };
});
