import { adminRoute } from "@/lib/http";
import { listPeople } from "@/lib/users";

export const GET = adminRoute(async () => ({ people: await listPeople() }));
