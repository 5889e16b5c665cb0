import "server-only";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { log } from "@/lib/platform/log";
import { shutdownSignal } from "@/lib/platform/shutdown";
import { purgeAttachments } from "@/lib/rooms/attachments";

/**
 * Retention: with RETENTION_DAYS set, messages (with their files), feedback and metadata history older than that are deleted
 * in batches (short transactions, so chat traffic is never blocked for long), rooms idle for that long are
 * archived, and each run is recorded in PurgeRun with what it removed. Deleting by age is idempotent, so
 * instances that run it at the same time only share the work.
 */

export type PurgeResult = {
  id: string;
  cutoff: string;
  messages: number;
  feedback: number;
  metadataChanges: number;
  roomsArchived: number;
  attachments: number;
  finishedAt: string | null;
};

type Table = "Message" | "Feedback" | "MetadataChange";

/** Deletes rows of `table` created before `cutoff`, `batchSize` at a time; returns how many. */
async function deleteOlder(table: Table, cutoff: Date, batchSize: number, signal?: AbortSignal): Promise<number> {
  let total = 0;
  for (;;) {
    if (signal?.aborted) return total;
    // The table name is one of three literals above, never input.
    const deleted = await db.$executeRawUnsafe(
      `DELETE FROM "${table}" WHERE id IN (SELECT id FROM "${table}" WHERE "createdAt" < $1 ORDER BY "createdAt" LIMIT $2)`,
      cutoff,
      batchSize,
    );
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** Feedback on messages about to go (whatever its own age): deleted first so it is counted, not cascaded. */
async function deleteFeedbackOnOldMessages(cutoff: Date, batchSize: number, signal?: AbortSignal): Promise<number> {
  let total = 0;
  for (;;) {
    if (signal?.aborted) return total;
    const deleted = await db.$executeRaw`
      DELETE FROM "Feedback" WHERE id IN (
        SELECT f.id FROM "Feedback" f JOIN "Message" m ON m.id = f."messageId"
        WHERE m."createdAt" < ${cutoff} LIMIT ${batchSize})`;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

export async function purgeExpired({
  retentionDays,
  now = new Date(),
  batchSize = env.RETENTION_BATCH_SIZE,
  signal = shutdownSignal,
}: {
  retentionDays: number;
  now?: Date;
  batchSize?: number;
  signal?: AbortSignal;
}): Promise<PurgeResult> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const run = await db.purgeRun.create({ data: { cutoff } });
  const counts = { messages: 0, feedback: 0, metadataChanges: 0, roomsArchived: 0, attachments: 0 };
  try {
    counts.feedback += await deleteOlder("Feedback", cutoff, batchSize, signal);
    counts.feedback += await deleteFeedbackOnOldMessages(cutoff, batchSize, signal);
    // Before their messages: the rows say where the files are.
    counts.attachments = await purgeAttachments({ cutoff, batchSize, signal });
    counts.messages = await deleteOlder("Message", cutoff, batchSize, signal);
    counts.metadataChanges = await deleteOlder("MetadataChange", cutoff, batchSize, signal);
    if (!signal?.aborted) {
      const archived = await db.room.updateMany({ where: { archivedAt: null, lastActivityAt: { lt: cutoff } }, data: { archivedAt: now } });
      counts.roomsArchived = archived.count;
    }
  } finally {
    // What was removed is recorded even when a batch failed or shutdown interrupted the run.
    const finished = !signal?.aborted;
    await db.purgeRun
      .update({ where: { id: run.id }, data: { ...counts, ...(finished && { finishedAt: new Date() }) } })
      .catch((err) => log.error("purge run not recorded", { runId: run.id, error: err instanceof Error ? err.message : String(err) }));
  }
  log.info("retention purge", { cutoff: cutoff.toISOString(), ...counts });
  return viewOfRun(await db.purgeRun.findUniqueOrThrow({ where: { id: run.id } }));
}

export async function listPurgeRuns(limit = 20): Promise<PurgeResult[]> {
  const rows = await db.purgeRun.findMany({ orderBy: { startedAt: "desc" }, take: limit });
  return rows.map(viewOfRun);
}

function viewOfRun(row: Omit<PurgeResult, "cutoff" | "finishedAt"> & { cutoff: Date; finishedAt: Date | null }): PurgeResult {
  return {
    id: row.id,
    cutoff: row.cutoff.toISOString(),
    messages: row.messages,
    feedback: row.feedback,
    metadataChanges: row.metadataChanges,
    roomsArchived: row.roomsArchived,
    attachments: row.attachments,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

const globalTimer = globalThis as unknown as { parleyRetentionTimer?: NodeJS.Timeout };

/** Runs the purge a minute after start and then every RETENTION_INTERVAL_MINUTES; nothing when retention is off. */
export function scheduleRetention(): void {
  const days = env.RETENTION_DAYS;
  if (!days || globalTimer.parleyRetentionTimer) return;
  const runOnce = () => {
    if (shutdownSignal.aborted) return;
    purgeExpired({ retentionDays: days }).catch((err) =>
      log.error("retention purge failed", { error: err instanceof Error ? err.message : String(err) }),
    );
  };
  setTimeout(runOnce, 60_000).unref();
  globalTimer.parleyRetentionTimer = setInterval(runOnce, env.RETENTION_INTERVAL_MINUTES * 60_000);
  globalTimer.parleyRetentionTimer.unref();
}
