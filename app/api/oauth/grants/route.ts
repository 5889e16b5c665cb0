import { userRoute } from "@/lib/http";
import { listGrants } from "@/lib/oauth";

export const GET = userRoute(async ({ user }) => ({ grants: await listGrants(user.id) }));
