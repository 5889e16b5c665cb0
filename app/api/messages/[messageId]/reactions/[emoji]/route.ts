import { validationError } from "@/lib/errors";
import { userRoute } from "@/lib/http";
import { messageForUser } from "@/lib/message-changes";
import { setReaction } from "@/lib/reactions";
import { emojiSchema } from "@/lib/schemas";

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
