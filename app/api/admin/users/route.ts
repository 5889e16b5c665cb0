import { listPeople } from "@/lib/auth/users";
import { adminRoute } from "@/lib/http/routes";

export const GET = adminRoute(async () => ({ people: await listPeople() }));
