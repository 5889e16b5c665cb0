// Idle room streams for the memory measurements (scenario 6 and heap-probe).
import { type EventStream, inBatches } from "./http-client";
import type { ChatTarget } from "./targets";

/**
 * Creates `roomCount` rooms on `target` and returns a function that opens `count` idle streams spread
 * over them, 50 at a time, into `into`. A first 100 are opened and closed at once, so that the stream's
 * code path is loaded and compiled before anything is read.
 */
export async function idleStreamOpener(
  target: ChatTarget,
  roomCount: number,
): Promise<(count: number, into: EventStream[]) => Promise<void>> {
  const rooms: string[] = [];
  for (let r = 0; r < roomCount; r++) rooms.push(await target.createRoom());
  const open = (count: number, into: EventStream[]) =>
    inBatches(
      Array.from({ length: count }, (_, i) => rooms[i % roomCount]),
      50,
      async (roomId) => {
        into.push(await target.subscribe(roomId, () => {}));
      },
    );
  const warm: EventStream[] = [];
  await open(100, warm);
  for (const s of warm) s.close();
  return open;
}
