import "server-only";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import type { FeedbackFilter } from "@/lib/platform/schemas";
import { whereOf } from "@/lib/review/feedback";

/**
 * The items before and after one feedback item in the admin list, as that list is filtered and sorted, so
 * a reviewer goes from one to the next without going back to the list. Keyset steps over (createdAt, id),
 * the list's own order.
 */
export async function feedbackNeighbors(id: string, filter: FeedbackFilter): Promise<{ previous: string | null; next: string | null }> {
  const item = await db.feedback.findUnique({ where: { id }, select: { id: true, createdAt: true } });
  if (!item) throw new AppError("not_found", "Feedback not found");
  const step = async (direction: "lt" | "gt") => {
    const row = await db.feedback.findFirst({
      where: {
        AND: [
          whereOf(filter),
          { OR: [{ createdAt: { [direction]: item.createdAt } }, { createdAt: item.createdAt, id: { [direction]: item.id } }] },
        ],
      },
      orderBy: [{ createdAt: direction === "lt" ? "desc" : "asc" }, { id: direction === "lt" ? "desc" : "asc" }],
      select: { id: true },
    });
    return row?.id ?? null;
  };
  const [older, newer] = await Promise.all([step("lt"), step("gt")]);
  return filter.sort === "newest" ? { previous: newer, next: older } : { previous: older, next: newer };
}
