import { memberRoute, readJson } from "@/lib/http/routes";
import { metadataLockSchema } from "@/lib/platform/schemas";
import { setMetadataLocked } from "@/lib/rooms/metadata";

export const PUT = memberRoute<{ roomId: string }>(async ({ req, user, membership }) => {
  const { locked } = await readJson(req, metadataLockSchema);
  return setMetadataLocked({
    roomId: membership.roomId,
    actor: { userId: user.id, name: user.name, isOwner: membership.isOwner },
    locked,
  });
});
