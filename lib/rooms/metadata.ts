import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { AppError } from "@/lib/platform/errors";
import { type JsonValue, METADATA_MAX_BYTES, type MetadataView } from "@/lib/platform/schemas";
import { publishRoomEvent } from "@/lib/realtime/bus";
import { enqueueWebhooks, kickWebhookSender } from "@/lib/review/webhooks";

/** Session metadata: a JSON object per room that people and agents both edit, versioned and audited. */

export type MetadataActor = { userId?: string; agentId?: string; name: string; isOwner: boolean };
type Metadata = Record<string, JsonValue>;

export async function getMetadata(roomId: string): Promise<MetadataView> {
  const room = await db.room.findUniqueOrThrow({
    where: { id: roomId },
    select: { metadata: true, metadataVersion: true, metadataLocked: true },
  });
  return { metadata: room.metadata as Metadata, version: room.metadataVersion, locked: room.metadataLocked };
}

/**
 * Merges `set` into the top-level keys and removes `delete`, in one transaction with the room row locked:
 * a stale `expectedVersion` (If-Match) gets 412 and changes nothing.
 */
export async function updateMetadata({
  roomId,
  actor,
  set = {},
  remove = [],
  expectedVersion,
}: {
  roomId: string;
  actor: MetadataActor;
  set?: Metadata;
  remove?: string[];
  expectedVersion?: number;
}): Promise<MetadataView> {
  const result = await db.$transaction(async (tx) => {
    const [room] = await tx.$queryRaw<{ metadata: Metadata; metadataVersion: number; metadataLocked: boolean }[]>`
      SELECT metadata, "metadataVersion", "metadataLocked" FROM "Room" WHERE id = ${roomId} FOR UPDATE`;
    if (!room) throw new AppError("not_found", "Room not found");
    if (room.metadataLocked && !actor.isOwner)
      throw new AppError("forbidden", "The room's owner made its metadata read-only");
    if (expectedVersion !== undefined && expectedVersion !== room.metadataVersion) {
      throw new AppError(
        "precondition_failed",
        `Metadata changed meanwhile: you have version ${expectedVersion}, the room has ${room.metadataVersion}`,
      );
    }
    const before = room.metadata;
    const after: Metadata = { ...before, ...set };
    for (const key of remove) delete after[key];
    const bytes = Buffer.byteLength(JSON.stringify(after));
    if (bytes > METADATA_MAX_BYTES) {
      throw new AppError("unprocessable", `Metadata would be ${bytes} bytes; the limit is ${METADATA_MAX_BYTES}`);
    }
    const keys = [...Object.keys(set), ...remove.filter((k) => k in before)];
    const version = room.metadataVersion + 1;
    await tx.room.update({ where: { id: roomId }, data: { metadata: after, metadataVersion: version } });
    await tx.metadataChange.create({
      data: {
        roomId,
        version,
        actorUserId: actor.userId,
        actorAgentId: actor.agentId,
        actorName: actor.name,
        setKeys: set as Prisma.InputJsonObject,
        deletedKeys: remove,
        before: pick(before, keys) as Prisma.InputJsonObject,
        after: pick(after, keys) as Prisma.InputJsonObject,
      },
    });
    const webhooks = await enqueueWebhooks(tx, {
      event: "metadata.updated",
      roomId,
      payload: {
        room_id: roomId,
        version,
        actor: { name: actor.name, kind: actor.agentId ? "agent" : "user" },
        set,
        deleted: remove,
        metadata: after,
      } as Prisma.InputJsonObject,
    });
    return { metadata: after, version, locked: room.metadataLocked, keys, webhooks };
  });
  publishRoomEvent(roomId, {
    type: "metadata",
    version: result.version,
    actorName: actor.name,
    keys: result.keys.slice(0, 50),
  });
  if (result.webhooks > 0) kickWebhookSender();
  return { metadata: result.metadata, version: result.version, locked: result.locked };
}

function pick(source: Metadata, keys: string[]): Metadata {
  return Object.fromEntries(keys.filter((k) => k in source).map((k) => [k, source[k]]));
}

export async function setMetadataLocked({
  roomId,
  actor,
  locked,
}: {
  roomId: string;
  actor: MetadataActor;
  locked: boolean;
}) {
  if (!actor.isOwner) throw new AppError("forbidden", "Only the room's owner can lock its metadata");
  const room = await db.room.update({ where: { id: roomId }, data: { metadataLocked: locked } });
  publishRoomEvent(roomId, { type: "metadata", version: room.metadataVersion, actorName: actor.name, keys: [] });
  return { locked };
}

export async function metadataHistory(roomId: string, limit = 50) {
  const rows = await db.metadataChange.findMany({ where: { roomId }, orderBy: { version: "desc" }, take: limit });
  return rows.map((c) => ({
    version: c.version,
    actor: { name: c.actorName, kind: c.actorAgentId ? ("agent" as const) : ("user" as const) },
    set: c.setKeys,
    deleted: c.deletedKeys,
    before: c.before,
    after: c.after,
    createdAt: c.createdAt.toISOString(),
  }));
}

/** Admin search: rooms whose metadata has `key` equal to `value` (JSON when it parses, else a string). */
export async function searchRoomsByMetadata({
  key,
  value,
  limit = 100,
}: {
  key: string;
  value: string;
  limit?: number;
}) {
  let parsed: JsonValue = value;
  try {
    parsed = JSON.parse(value);
  } catch {
    // a plain string
  }
  // `@>` containment is answered by the GIN index on Room.metadata.
  const rooms = await db.$queryRaw<{ id: string; name: string; metadata: Metadata; lastActivityAt: Date }[]>`
    SELECT id, name, metadata, "lastActivityAt" FROM "Room"
    WHERE metadata @> ${JSON.stringify({ [key]: parsed })}::jsonb
    ORDER BY "lastActivityAt" DESC LIMIT ${limit}`;
  return rooms.map((r) => ({ ...r, lastActivityAt: r.lastActivityAt.toISOString() }));
}
