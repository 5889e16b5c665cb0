import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { log } from "@/lib/platform/log";
import type { AUDIT_ACTIONS } from "@/lib/platform/schemas";

/**
 * The audit log: who did what security-relevant thing, when and from where. It never holds message
 * text, passwords or tokens: `meta` carries ids and counts only.
 */

export type AuditAction = (typeof AUDIT_ACTIONS)[number] | `admin.${string}`;

export type AuditEntry = {
  action: AuditAction;
  actorUserId?: string | null;
  actorAgentId?: string | null;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  meta?: Prisma.InputJsonObject;
};

type Client = Pick<Prisma.TransactionClient, "auditLog">;

/** Records an entry; inside a transaction pass `tx` so the record commits with the change it describes. */
export async function recordAudit(entry: AuditEntry, client: Client = db): Promise<void> {
  await client.auditLog.create({
    data: {
      action: entry.action,
      actorUserId: entry.actorUserId ?? null,
      actorAgentId: entry.actorAgentId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? null,
      meta: entry.meta ?? {},
    },
  });
}

/** For records that must not fail the action they describe (sign-in attempts): a failure is logged. */
export async function recordAuditSafely(entry: AuditEntry): Promise<void> {
  await recordAudit(entry).catch((err) =>
    log.error("audit record failed", { action: entry.action, error: err instanceof Error ? err.message : String(err) }),
  );
}

export type AuditView = {
  id: string;
  action: string;
  actor: { userId: string | null; agentId: string | null; name: string | null };
  targetType: string | null;
  targetId: string | null;
  /** The person, agent or room the target id names, when it is one. */
  targetName: string | null;
  ip: string | null;
  meta: Prisma.JsonValue;
  createdAt: string;
};

/** Newest first; `before` (an entry id) pages back. */
export async function listAudit({ action, actorUserId, before, limit = 50 }: { action?: string; actorUserId?: string; before?: string; limit?: number }) {
  const cursor = before ? await db.auditLog.findUnique({ where: { id: before }, select: { createdAt: true, id: true } }) : null;
  const rows = await db.auditLog.findMany({
    where: {
      ...(action && { action }),
      ...(actorUserId && { actorUserId }),
      ...(cursor && { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  // Every id an entry names (actor, target, ids in its details) that is a person, an agent or a room: shown by name.
  const ids = [
    ...new Set(
      page.flatMap((r) => [
        r.actorUserId,
        r.actorAgentId,
        r.targetId,
        ...Object.values(r.meta && typeof r.meta === "object" && !Array.isArray(r.meta) ? r.meta : {}).filter((v) => typeof v === "string"),
      ]),
    ),
  ].filter((id): id is string => typeof id === "string" && id.length > 0);
  const [users, agents, rooms] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }),
    db.agent.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
    db.room.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
  ]);
  const names = new Map<string, string>([
    ...users.map((u) => [u.id, u.name ?? u.email] as const),
    ...agents.map((a) => [a.id, a.name] as const),
    ...rooms.map((r) => [r.id, r.name] as const),
  ]);
  const entries: AuditView[] = page.map((r) => ({
    id: r.id,
    action: r.action,
    actor: { userId: r.actorUserId, agentId: r.actorAgentId, name: names.get(r.actorUserId ?? r.actorAgentId ?? "") ?? null },
    targetType: r.targetType,
    targetId: r.targetId,
    targetName: names.get(r.targetId ?? "") ?? null,
    ip: r.ip,
    meta: r.meta,
    createdAt: r.createdAt.toISOString(),
  }));
  return { entries, names: Object.fromEntries(names), nextBefore: rows.length > limit ? page[page.length - 1]?.id ?? null : null };
}
