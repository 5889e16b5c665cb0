import { ifMatchVersion, memberRoute, readJson } from "@/lib/http/routes";
import { metadataPatchSchema } from "@/lib/platform/schemas";
import { getMetadata, updateMetadata } from "@/lib/rooms/metadata";

type Params = { roomId: string };

export const GET = memberRoute<Params>(async ({ membership }) => getMetadata(membership.roomId));

export const PATCH = memberRoute<Params>(async ({ req, user, membership }) => {
  const patch = await readJson(req, metadataPatchSchema);
  return updateMetadata({
    roomId: membership.roomId,
    actor: { userId: user.id, name: user.name, isOwner: membership.isOwner },
    set: patch.set,
    remove: patch.delete,
    expectedVersion: ifMatchVersion(req),
  });
});
