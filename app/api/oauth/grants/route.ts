import { listGrants } from "@/lib/auth/oauth";
import { userRoute } from "@/lib/http/routes";

export const GET = userRoute(async ({ user }) => ({ grants: await listGrants(user.id) }));
