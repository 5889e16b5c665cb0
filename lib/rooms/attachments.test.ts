import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import type { ParleyClient } from "@/scripts/lib/parley-client";
import { openSse } from "@/scripts/lib/sse-client";
import { type AppServer, startAppServer } from "@/test/app-server";
import { png, upload } from "@/test/files";
import { roomWith, signedUpPerson } from "@/test/people";

let app: AppServer;
let filesDir: string;
beforeAll(async () => {
  filesDir = await mkdtemp(path.join(tmpdir(), "parley-files-"));
  app = await startAppServer({ STORAGE_URL: `file://${filesDir}`, ATTACHMENT_MAX_MB: "1", ATTACHMENT_QUOTA_MB: "2.5" });
});
afterAll(async () => {
  await app?.stop();
  await db.$disconnect();
});

const get = (client: ParleyClient, url: string) => client.fetch(url);

describe("attachments", () => {
  it("stores an image with its size and thumbnail, typed by its content, for the room's members only", async () => {
    const ann = await signedUpPerson(app.url, "Ann");
    const bob = await signedUpPerson(app.url, "Bob");
    const eve = await signedUpPerson(app.url, "Eve");
    const roomId = await roomWith(ann, "Files", bob);
    const image = await png(640, 480);

    // A name that lies about the type: the content decides.
    const up = await upload(ann, roomId, "holiday.txt", image, "text/plain");
    expect(up.status).toBe(201);
    expect(up.body.attachment).toMatchObject({
      name: "holiday.txt",
      type: "image/png",
      size: image.length,
      width: 640,
      height: 480,
      thumbnail: true,
    });
    const id = up.body.attachment.id as string;

    // Not sent yet: only its uploader reads it.
    expect((await get(ann, `/api/attachments/${id}`)).status).toBe(200);
    expect((await get(bob, `/api/attachments/${id}`)).status).toBe(404);

    const sent = await ann.json("POST", `/api/rooms/${roomId}/messages`, { body: "", attachmentIds: [id] });
    expect(sent.status).toBe(201);
    expect(sent.body.message.attachments).toEqual([up.body.attachment]);
    // Once only.
    const again = await ann.json("POST", `/api/rooms/${roomId}/messages`, { body: "again", attachmentIds: [id] });
    expect(again.status).toBe(422);
    // Nobody sends another's upload.
    const bobs = await upload(bob, roomId, "b.png", await png());
    expect(
      (await ann.json("POST", `/api/rooms/${roomId}/messages`, { body: "x", attachmentIds: [bobs.body.attachment.id] }))
        .status,
    ).toBe(422);

    const file = await get(bob, `/api/attachments/${id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-disposition")).toBe(
      `inline; filename="holiday.txt"; filename*=UTF-8''holiday.txt`,
    );
    expect(Buffer.from(await file.arrayBuffer()).equals(image)).toBe(true);

    const thumb = await get(bob, `/api/attachments/${id}/thumbnail`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect(thumb.headers.get("x-content-type-options")).toBe("nosniff");
    expect(thumb.headers.get("content-disposition")).toMatch(/^inline; /);
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(480);

    // History carries the files.
    const history = await bob.json("GET", `/api/rooms/${roomId}/messages`);
    expect(history.body.messages.find((m: { id: string }) => m.id === sent.body.message.id).attachments).toHaveLength(
      1,
    );

    // A non-member learns nothing: not the room (upload) nor the file (download), whatever the id.
    expect((await upload(eve, roomId, "e.png", await png())).status).toBe(404);
    expect((await get(eve, `/api/attachments/${id}`)).status).toBe(404);
    expect((await get(eve, `/api/attachments/${id}/thumbnail`)).status).toBe(404);
    expect((await get(eve, "/api/attachments/no-such-id")).status).toBe(404);
    const signedOut = await fetch(`${app.url}/api/attachments/${id}`);
    expect(signedOut.status).toBe(401);
  });

  it("answers 413 past ATTACHMENT_MAX_MB or the quota, 415 for refused types, and serves markup only as a download", async () => {
    const cy = await signedUpPerson(app.url, "Cy");
    const roomId = await roomWith(cy, "Limits");

    const big = new Uint8Array(1024 * 1024 + 1).fill(65);
    const tooBig = await upload(cy, roomId, "big.txt", big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe("payload_too_large");

    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 1)]);
    const program = await upload(cy, roomId, "tool.png", elf, "image/png");
    expect(program.status).toBe(415);
    expect(program.body.error.code).toBe("unsupported_media_type");
    expect((await upload(cy, roomId, "noise.bin", Buffer.from([0, 159, 146, 150, 0, 1, 2, 3]))).status).toBe(415);
    const notMultipart = await cy.fetch(`/api/rooms/${roomId}/attachments`, {
      method: "POST",
      body: "hello",
      headers: { "content-type": "text/plain", origin: app.url },
    });
    expect(notMultipart.status).toBe(415);

    for (const [name, content, type] of [
      ["page.txt", "<!doctype html><script>alert(1)</script>", "text/html"],
      ["pic.png", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"],
    ]) {
      const up = await upload(cy, roomId, name, Buffer.from(content));
      expect(up.status).toBe(201);
      expect(up.body.attachment.type).toBe(type);
      const res = await get(cy, `/api/attachments/${up.body.attachment.id}`);
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; /);
      expect(res.headers.get("content-type")).toBe("application/octet-stream");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }

    const text = await upload(cy, roomId, "notes.md", Buffer.from("# plain words\n"));
    expect(text.body.attachment.type).toBe("text/plain");
    const served = await get(cy, `/api/attachments/${text.body.attachment.id}`);
    expect(served.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(served.headers.get("content-disposition")).toMatch(/^inline; /);

    // 2.5 MB per person: the third file of 0.9 MB passes it.
    const dee = await signedUpPerson(app.url, "Dee");
    const deeRoom = await roomWith(dee, "Quota");
    const chunk = new Uint8Array(900 * 1024).fill(66);
    expect((await upload(dee, deeRoom, "1.txt", chunk)).status).toBe(201);
    expect((await upload(dee, deeRoom, "2.txt", chunk)).status).toBe(201);
    const over = await upload(dee, deeRoom, "3.txt", chunk);
    expect(over.status).toBe(413);
    expect(over.body.error.message).toMatch(/quota/);
  });

  it("deletes a message's files with it, finds messages by file name, and replays files once on resume", async () => {
    const fay = await signedUpPerson(app.url, "Fay");
    const gus = await signedUpPerson(app.url, "Gus");
    const roomId = await roomWith(fay, "Lifecycle", gus);
    const before = (await gus.json("GET", `/api/rooms/${roomId}`)).body.room.lastSeq as number;

    const first = await upload(fay, roomId, "quarterly-budget_2026.pdf.txt", Buffer.from("numbers\n"));
    const second = await upload(fay, roomId, "diagram.png", await png());
    const sent = await fay.json("POST", `/api/rooms/${roomId}/messages`, {
      body: "see attached",
      attachmentIds: [first.body.attachment.id, second.body.attachment.id],
      clientId: "with-files",
    });
    expect(sent.status).toBe(201);
    // A retry answers with the original, files and all.
    const retry = await fay.json("POST", `/api/rooms/${roomId}/messages`, {
      body: "see attached",
      attachmentIds: [first.body.attachment.id, second.body.attachment.id],
      clientId: "with-files",
    });
    expect(retry.status).toBe(200);
    expect(retry.body.message.attachments.map((a: { id: string }) => a.id)).toEqual([
      first.body.attachment.id,
      second.body.attachment.id,
    ]);

    const found = await gus.json("GET", "/api/search?q=budget");
    expect(found.body.results.map((r: { message: { id: string } }) => r.message.id)).toEqual([sent.body.message.id]);

    // Resume from before the message: it comes back once, with its files.
    const stream = await openSse(gus, `/api/rooms/${roomId}/events?after=${before}`);
    await stream.waitFor((e) => e.event === "ready");
    stream.close();
    const replayed = stream.events.filter((e) => e.event === "message" && e.data.message.id === sent.body.message.id);
    expect(replayed).toHaveLength(1);
    expect(replayed[0].data.message.attachments).toHaveLength(2);

    const stored = (await readdir(filesDir)).length;
    const deleted = await fay.json("DELETE", `/api/messages/${sent.body.message.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.message.attachments).toEqual([]);
    expect((await get(gus, `/api/attachments/${first.body.attachment.id}`)).status).toBe(404);
    expect((await get(fay, `/api/attachments/${second.body.attachment.id}/thumbnail`)).status).toBe(404);
    // Two files and a thumbnail fewer on disk.
    expect((await readdir(filesDir)).length).toBe(stored - 3);
    expect((await gus.json("GET", "/api/search?q=budget")).body.results).toEqual([]);
  });
});
