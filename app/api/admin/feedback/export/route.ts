import { adminRoute, readQuery } from "@/lib/http/routes";
import { exportQuerySchema } from "@/lib/platform/schemas";
import { exportFeedback } from "@/lib/review/feedback-export";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async ({ req }) => {
  const { format, ...filter } = readQuery(req, exportQuerySchema);
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(exportFeedback(filter, format), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="parley-feedback-${stamp}.${format}"`,
      "cache-control": "no-store",
    },
  });
});
