import { readQuery, userRoute } from "@/lib/http/routes";
import { searchQuerySchema } from "@/lib/platform/schemas";
import { searchMessages } from "@/lib/rooms/search";

/** Messages matching `q` in the rooms you are in (or one of them): `{ results, nextBefore }`. */
export const GET = userRoute(async ({ req, user }) => {
  const { q, roomId, before, limit } = readQuery(req, searchQuerySchema);
  return searchMessages({ userId: user.id, q, roomId, before, limit });
});
