import { memberRoute, readJson } from "@/lib/http/routes";
import { muteSchema } from "@/lib/platform/schemas";
import { setMuted } from "@/lib/rooms/mute";

/** `{ muted }`: mutes or unmutes the room for the signed-in member → `{ muted }`. */
export const PUT = memberRoute<{ roomId: string }>(async ({ req, membership }) =>
  setMuted({ membership, ...(await readJson(req, muteSchema)) }),
);
