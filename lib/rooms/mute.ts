import "server-only";
import { db } from "@/lib/platform/db";
import type { Membership } from "@/lib/rooms/rooms";

/**
 * Mutes or unmutes a room for the person: a muted room's messages no longer make it bold or light the
 * header's dot, while messages that @mention them still do. Only their own seat changes.
 */
export async function setMuted({
  membership,
  muted,
}: {
  membership: Membership;
  muted: boolean;
}): Promise<{ muted: boolean }> {
  await db.participant.update({
    where: { id: membership.participant.id },
    data: { mutedAt: muted ? new Date() : null },
  });
  return { muted };
}
