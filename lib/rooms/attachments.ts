import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { log } from "@/lib/platform/log";
import type { AttachmentView } from "@/lib/platform/schemas";
import { storage } from "@/lib/platform/storage";
import { isRasterImage, sniffType } from "@/lib/rooms/attachment-types";
import { readImage } from "@/lib/rooms/images";

/**
 * Files in rooms. A file is uploaded to a room first (stored, typed by its content, an image given its size
 * and a thumbnail), then sent with a message by its uploader, once. Only the room's present members can
 * read it; before it is sent, only its uploader. Deleting the message deletes its files.
 */

export const attachmentMaxBytes = () => Math.floor(env.ATTACHMENT_MAX_MB * 1024 * 1024);
const quotaBytes = () => Math.floor(env.ATTACHMENT_QUOTA_MB * 1024 * 1024);
const MAX_NAME = 200;

const thumbnailKey = (key: string) => `${key}.thumb`;

export type AttachmentRow = Prisma.AttachmentGetPayload<object>;

const attachmentView = (row: AttachmentRow): AttachmentView => ({
  id: row.id,
  name: row.name,
  type: row.type,
  size: row.size,
  width: row.width,
  height: row.height,
  thumbnail: row.thumbnail,
});

/** A name fit to show and to offer as a download's name: no path, no control characters, not too long. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "")
    .trim()
    .slice(0, MAX_NAME);
  return clean.isWellFormed() && clean ? clean : "file";
}

/**
 * Stores an upload from the seat `uploaderId` in `roomId`. 413 over ATTACHMENT_MAX_MB or a person's quota,
 * 415 for a type Parley does not take (or an image it cannot read), 422 for an empty file.
 */
export async function storeAttachment({
  roomId,
  uploaderId,
  userId,
  name,
  bytes,
}: {
  roomId: string;
  uploaderId: string;
  /** A person's upload counts against their quota. */
  userId: string | null;
  name: string;
  bytes: Uint8Array;
}): Promise<AttachmentView> {
  if (bytes.byteLength > attachmentMaxBytes()) throw tooLarge();
  if (bytes.byteLength === 0) throw new AppError("unprocessable", "The file is empty");
  const type = await sniffType(bytes);
  if (!type) throw refusedType();
  if (userId) await requireQuota(userId, bytes.byteLength);
  const image = isRasterImage(type) ? await readImage(bytes) : null;
  if (isRasterImage(type) && !image)
    throw new AppError("unsupported_media_type", "This image could not be read: it may be damaged");
  const storageKey = randomBytes(16).toString("hex");
  const store = await storage();
  await store.put(storageKey, bytes, type);
  if (image) await store.put(thumbnailKey(storageKey), image.thumbnail, "image/webp");
  try {
    const row = await db.attachment.create({
      data: {
        roomId,
        uploaderId,
        userId,
        name: cleanName(name),
        type,
        size: bytes.byteLength,
        width: image?.width ?? null,
        height: image?.height ?? null,
        storageKey,
        thumbnail: image !== null,
      },
    });
    return attachmentView(row);
  } catch (err) {
    await removeFiles([{ storageKey, thumbnail: image !== null }]);
    throw err;
  }
}

export const tooLarge = () =>
  new AppError("payload_too_large", `Files are limited to ${env.ATTACHMENT_MAX_MB.toLocaleString("en")} MB each`);

const refusedType = () =>
  new AppError(
    "unsupported_media_type",
    "This kind of file is not accepted: send images, PDFs, text, documents, archives, audio or video",
  );

async function requireQuota(userId: string, adding: number): Promise<void> {
  const used = await db.attachment.aggregate({ where: { userId }, _sum: { size: true } });
  if ((used._sum.size ?? 0) + adding > quotaBytes()) {
    throw new AppError(
      "payload_too_large",
      `Your files would pass your ${env.ATTACHMENT_QUOTA_MB.toLocaleString("en")} MB quota: delete messages with files you no longer need`,
    );
  }
}

const notFound = () => new AppError("not_found", "File not found");

/** An attachment a person may read: they are in its room now, and it was sent (or they uploaded it). 404 otherwise. */
export async function attachmentForUser({
  attachmentId,
  userId,
}: {
  attachmentId: string;
  userId: string;
}): Promise<AttachmentRow> {
  const row = await db.attachment.findUnique({ where: { id: attachmentId } });
  if (!row) throw notFound();
  const seat = await db.participant.findUnique({
    where: { roomId_userId: { roomId: row.roomId, userId } },
    select: { id: true, leftAt: true },
  });
  if (!seat || seat.leftAt || (row.messageId === null && row.uploaderId !== seat.id)) throw notFound();
  return row;
}

/** Which room an attachment is in (null when there is no such attachment), for an agent's seat check. */
export async function attachmentRoom(attachmentId: string): Promise<string | null> {
  const row = await db.attachment.findUnique({ where: { id: attachmentId }, select: { roomId: true } });
  return row?.roomId ?? null;
}

/** An attachment the seat `participantId` in `roomId` may read (sent, or its own upload). 404 otherwise. */
export async function attachmentForSeat({
  attachmentId,
  roomId,
  participantId,
}: {
  attachmentId: string;
  roomId: string;
  participantId: string;
}) {
  const row = await db.attachment.findUnique({ where: { id: attachmentId } });
  if (!row || row.roomId !== roomId || (row.messageId === null && row.uploaderId !== participantId)) throw notFound();
  return row;
}

/** The file's bytes (or its thumbnail's) as a stream; 404 when they are gone. */
export async function openAttachment(
  row: AttachmentRow,
  which: "file" | "thumbnail",
): Promise<ReadableStream<Uint8Array>> {
  if (which === "thumbnail" && !row.thumbnail) throw new AppError("not_found", "This file has no thumbnail");
  const stream = await (await storage()).get(which === "file" ? row.storageKey : thumbnailKey(row.storageKey));
  if (!stream) throw notFound();
  return stream;
}

/** The whole file in memory (for agents, who get it inline): at most ATTACHMENT_MAX_MB. */
export async function readAttachment(row: AttachmentRow): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of (await openAttachment(row, "file")) as unknown as AsyncIterable<Uint8Array>)
    chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Removes files' bytes from the storage; a failure is logged (the rows are gone: nothing will read them). */
export async function removeFiles(rows: { storageKey: string; thumbnail: boolean }[]): Promise<void> {
  if (rows.length === 0) return;
  const keys = rows.flatMap((r) => (r.thumbnail ? [r.storageKey, thumbnailKey(r.storageKey)] : [r.storageKey]));
  try {
    await (await storage()).remove(keys);
  } catch (err) {
    log.error("attachment files not removed", {
      count: keys.length,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}

/** Uploads that will not be sent after all (the message they were stored for was refused): rows and bytes. */
export async function discardUnsent(attachmentIds: string[]): Promise<void> {
  await removeFiles(
    await db.$queryRaw<{ storageKey: string; thumbnail: boolean }[]>`
      DELETE FROM "Attachment" WHERE id = ANY(${attachmentIds}) AND "messageId" IS NULL
      RETURNING "storageKey", thumbnail`,
  );
}

/** Deletes a message's attachment rows in the caller's transaction; remove the returned files after commit. */
export async function deleteMessageAttachments(tx: Prisma.TransactionClient, messageId: string) {
  return tx.$queryRaw<{ storageKey: string; thumbnail: boolean }[]>`
    DELETE FROM "Attachment" WHERE "messageId" = ${messageId} RETURNING "storageKey", thumbnail`;
}

/**
 * Retention: the files of messages written before `cutoff`, and uploads never sent that are older than it,
 * `batchSize` at a time. Returns how many.
 */
export async function purgeAttachments({
  cutoff,
  batchSize,
  signal,
}: {
  cutoff: Date;
  batchSize: number;
  signal?: AbortSignal;
}): Promise<number> {
  let total = 0;
  for (;;) {
    if (signal?.aborted) return total;
    const rows = await db.$queryRaw<{ storageKey: string; thumbnail: boolean }[]>`
      DELETE FROM "Attachment" WHERE id IN (
        SELECT a.id FROM "Attachment" a LEFT JOIN "Message" m ON m.id = a."messageId"
        WHERE (a."messageId" IS NULL AND a."createdAt" < ${cutoff}) OR m."createdAt" < ${cutoff}
        LIMIT ${batchSize})
      RETURNING "storageKey", thumbnail`;
    await removeFiles(rows);
    total += rows.length;
    if (rows.length < batchSize) return total;
  }
}
