import { adminRoute, readQuery } from "@/lib/http/routes";
import { auditQuerySchema } from "@/lib/platform/schemas";
import { listAudit } from "@/lib/review/audit";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async ({ req }) => listAudit(readQuery(req, auditQuerySchema)));
