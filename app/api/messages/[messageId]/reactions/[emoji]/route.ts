import { userRoute } from "@/lib/http/routes";
import { validationError } from "@/lib/platform/errors";
import { emojiSchema } from "@/lib/platform/schemas";
import { messageForUser } from "@/lib/rooms/message-changes";
import { setReaction } from "@/lib/rooms/reactions";

type Params = { messageId: string; emoji: string };

/** Your reaction on or off → `{ reactions: [{ emoji, count, mine }] }`. Anyone in the room may react. */
function reactionRoute(on: boolean) {
  return userRoute<Params>(async ({ params, user }) => {
    const emoji = emojiSchema.safeParse(params.emoji);
    if (!emoji.success) throw validationError(emoji.error);
    const { target, actor } = await messageForUser(params.messageId, user);
    // messageForUser gives a seat to members only (admins get one only for deletion).
    return {
      reactions: await setReaction({ target, participantId: actor.participantId as string, emoji: emoji.data, on }),
    };
  });
}

export const PUT = reactionRoute(true);
export const DELETE = reactionRoute(false);
