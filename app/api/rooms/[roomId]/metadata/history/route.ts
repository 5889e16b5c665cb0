import { memberRoute } from "@/lib/http/routes";
import { metadataHistory } from "@/lib/rooms/metadata";

export const GET = memberRoute<{ roomId: string }>(async ({ membership }) => ({
  history: await metadataHistory(membership.roomId),
}));
