import { memberRoute } from "@/lib/http/routes";
import { myFeedbackInRoom } from "@/lib/review/feedback";

export const GET = memberRoute<{ roomId: string }>(async ({ user, membership }) => ({
  feedback: await myFeedbackInRoom({ userId: user.id, roomId: membership.roomId }),
}));
