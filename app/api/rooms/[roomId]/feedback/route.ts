import { myFeedbackInRoom } from "@/lib/feedback";
import { memberRoute } from "@/lib/http";

export const GET = memberRoute<{ roomId: string }>(async ({ user, membership }) => ({
  feedback: await myFeedbackInRoom({ userId: user.id, roomId: membership.roomId }),
}));
