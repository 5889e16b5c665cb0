import { memberRoute } from "@/lib/http";
import { metadataHistory } from "@/lib/metadata";

export const GET = memberRoute<{ roomId: string }>(async ({ membership }) => ({ history: await metadataHistory(membership.roomId) }));
