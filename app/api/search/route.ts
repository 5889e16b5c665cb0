import { readQuery, userRoute } from "@/lib/http";
import { searchMessages } from "@/lib/search";
import { searchQuerySchema } from "@/lib/schemas";

/** Messages matching `q` in the rooms you are in (or one of them): `{ results, nextBefore }`. */
export const GET = userRoute(async ({ req, user }) => {
  const { q, roomId, before, limit } = readQuery(req, searchQuerySchema);
  return searchMessages({ userId: user.id, q, roomId, before, limit });
});
