import { listAudit } from "@/lib/audit";
import { requireAdmin } from "@/lib/auth";
import { readQuery, route } from "@/lib/http";
import { auditQuerySchema } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const GET = route(async ({ req }) => {
  await requireAdmin();
  return listAudit(readQuery(req, auditQuerySchema));
});
