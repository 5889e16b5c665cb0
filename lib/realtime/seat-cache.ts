import "server-only";
import { busHearsOthers, onRoomEvent } from "@/lib/realtime/bus";

/**
 * People's seats, remembered per process for the send path, so that a send reads no seat. Any change to a
 * room's participants (a join, a leave, a removal, a change of owner) is a `participants` event on the bus,
 * heard by every instance: it forgets the room's seats. While this process does not hear the other
 * instances (polling mode, or its listener reconnecting) nothing is remembered. The send's own statement
 * still checks the seat, so a removal holds even in the moment before the event arrives.
 */
type Seat = { roomId: string; userId: string | null; leftAt: Date | null };
type Remembered = { seat: Seat; generation: number };
type Cache = { rooms: Map<string, Map<string, Remembered>>; size: number; epoch: number; hooked: boolean };

const MAX_SEATS = 50_000;
const globalSeats = globalThis as unknown as { parleySeatCache?: Cache };
const cache = (globalSeats.parleySeatCache ??= { rooms: new Map(), size: 0, epoch: 0, hooked: false });

if (!cache.hooked) {
  cache.hooked = true;
  onRoomEvent((roomId, event) => {
    if (event.type === "participants") forgetRoom(roomId);
  });
}

/** The person's seat in the room, from memory or else through `read` (a present seat is remembered). */
export async function rememberedSeat<S extends Seat>(
  { roomId, userId }: { roomId: string; userId: string },
  read: () => Promise<S | null>,
): Promise<S | null> {
  const bus = busHearsOthers();
  const hit = cache.rooms.get(roomId)?.get(userId);
  if (hit && bus.listening && hit.generation === bus.generation) return hit.seat as S;
  const epoch = cache.epoch;
  const seat = await read();
  // Only a present seat, and only if nothing was forgotten while it was being read.
  if (
    seat &&
    !seat.leftAt &&
    bus.listening &&
    epoch === cache.epoch &&
    busHearsOthers().generation === bus.generation
  ) {
    if (cache.size >= MAX_SEATS) forgetAll();
    let room = cache.rooms.get(roomId);
    if (!room) cache.rooms.set(roomId, (room = new Map()));
    if (!room.has(userId)) cache.size++;
    room.set(userId, { seat, generation: bus.generation });
  }
  return seat;
}

/** Forgets a room's seats: its participants changed, or a send found a remembered seat gone. */
export function forgetRoom(roomId: string): void {
  cache.epoch++;
  cache.size -= cache.rooms.get(roomId)?.size ?? 0;
  cache.rooms.delete(roomId);
}

function forgetAll(): void {
  cache.epoch++;
  cache.rooms.clear();
  cache.size = 0;
}
