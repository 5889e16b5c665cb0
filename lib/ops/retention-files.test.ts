import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Retention with files: the storage is a directory of this test's, set before the modules read the configuration.
const filesDir = await mkdtemp(path.join(tmpdir(), "parley-retention-"));
process.env.STORAGE_URL = filesDir;
const { purgeExpired } = await import("@/lib/ops/retention");
const { db } = await import("@/lib/platform/db");
const { diskStorage } = await import("@/lib/platform/storage");

const DAY = 86_400_000;
const now = new Date("2026-06-01T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);

describe("purgeExpired and files", () => {
  it("deletes the files of messages it purges and uploads never sent that are as old, and keeps the rest", async () => {
    const user = await db.user.create({ data: { email: `files-${Date.now()}@example.test`, name: "Files" } });
    const room = await db.room.create({
      data: { name: "Files", ownerId: user.id, participants: { create: { userId: user.id, role: "OWNER" } } },
      include: { participants: true },
    });
    const seat = room.participants[0];
    const old = await db.message.create({ data: { roomId: room.id, seq: 1, senderId: seat.id, body: "old", createdAt: ago(40) } });
    const fresh = await db.message.create({ data: { roomId: room.id, seq: 2, senderId: seat.id, body: "new", createdAt: ago(1) } });
    const store = diskStorage(filesDir);
    const file = async (key: string, messageId: string | null, createdAt: Date, thumbnail = false) => {
      await store.put(key, Buffer.from(key), "text/plain");
      if (thumbnail) await store.put(`${key}.thumb`, Buffer.from("t"), "image/webp");
      return db.attachment.create({
        data: { roomId: room.id, uploaderId: seat.id, userId: user.id, messageId, name: `${key}.txt`, type: "text/plain", size: key.length, storageKey: key, thumbnail, createdAt },
      });
    };
    await file("oldsent", old.id, ago(40), true);
    await file("oldunsent", null, ago(35));
    const kept = [await file("freshsent", fresh.id, ago(1)), await file("freshunsent", null, ago(2))];

    const result = await purgeExpired({ retentionDays: 30, now, batchSize: 1 });
    expect(result).toMatchObject({ messages: 1, attachments: 2 });
    expect((await db.attachment.findMany({ where: { roomId: room.id } })).map((a) => a.id).sort()).toEqual(kept.map((a) => a.id).sort());
    expect((await readdir(filesDir)).sort()).toEqual(["freshsent", "freshunsent"]);
    await db.$disconnect();
  });
});
