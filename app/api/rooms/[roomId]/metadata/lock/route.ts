import { memberRoute, readJson } from "@/lib/http";
import { setMetadataLocked } from "@/lib/metadata";
import { metadataLockSchema } from "@/lib/schemas";

export const PUT = memberRoute<{ roomId: string }>(async ({ req, user, membership }) => {
  const { locked } = await readJson(req, metadataLockSchema);
  return setMetadataLocked({ roomId: membership.roomId, actor: { userId: user.id, name: user.name, isOwner: membership.isOwner }, locked });
});
