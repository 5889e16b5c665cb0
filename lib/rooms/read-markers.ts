import "server-only";
import { relaxedPool } from "@/lib/platform/db";
import { log } from "@/lib/platform/log";
import { afterDrain } from "@/lib/platform/shutdown";

/**
 * Read markers that a send moves (a sender has read the room up to their own message), written behind the
 * request: markers wait here, a participant's reduced to the highest seq, and one statement at a time
 * writes all that waited. So concurrent sends by one person never queue on their participant row, and a
 * burst of sends costs one update.
 */
const globalMarkers = globalThis as unknown as {
  parleyReadMarkers?: { waiting: Map<string, number>; writing: boolean };
};
const state = (globalMarkers.parleyReadMarkers ??= { waiting: new Map(), writing: false });

export function markReadBehind(participantId: string, seq: number): void {
  markWaiting(participantId, seq);
  flush();
}

function markWaiting(participantId: string, seq: number): void {
  if ((state.waiting.get(participantId) ?? -1) < seq) state.waiting.set(participantId, seq);
}

function flush(): void {
  if (state.writing || state.waiting.size === 0) return;
  const ids = [...state.waiting.keys()];
  const seqs = [...state.waiting.values()];
  state.waiting.clear();
  state.writing = true;
  relaxedPool()
    .query(
      `UPDATE "Participant" p SET "lastReadSeq" = m.seq
       FROM unnest($1::text[], $2::int[]) AS m(id, seq)
       WHERE p.id = m.id AND p."lastReadSeq" < m.seq`,
      [ids, seqs],
    )
    .catch((err) => {
      // Another instance's update took the same rows in another order: these markers go again.
      if ((err as { code?: string }).code === "40P01") {
        for (const [i, id] of ids.entries()) markWaiting(id, seqs[i]);
      } else log.warn("mark read failed", { error: String(err) });
    })
    .finally(() => {
      state.writing = false;
      flush();
    });
}

/** Resolves once every marker that waits now has been written: a clean shutdown waits for it. */
async function readMarkersWritten(): Promise<void> {
  while (state.writing || state.waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
}
afterDrain(readMarkersWritten);
