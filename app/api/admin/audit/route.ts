import { listAudit } from "@/lib/audit";
import { adminRoute, readQuery } from "@/lib/http";
import { auditQuerySchema } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async ({ req }) => listAudit(readQuery(req, auditQuerySchema)));
