import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { callTool, connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";
import { png, upload } from "@/test/files";
import { roomWith, signedUpPerson } from "@/test/people";

let app: AppServer;
let storageDir: string;
beforeAll(async () => {
  storageDir = await mkdtemp(path.join(tmpdir(), "parley-agent-files-"));
  app = await startAppServer({ AGENT_QUIET_SINGLE_MS: "0", STORAGE_URL: `file://${storageDir}` });
});
afterAll(async () => {
  await app?.stop();
  await db.$disconnect();
  await rm(storageDir, { recursive: true, force: true });
});

describe("files for agents", () => {
  it("hands out attachment descriptors, reads an image as MCP image content and text as text, here and over REST", async () => {
    const kim = await signedUpPerson(app.url, "Kim");
    const roomId = await roomWith(kim, "Screens");
    const agent = await connectAgent(kim, roomId);
    const image = await png();
    const shot = (await upload(kim, roomId, "screenshot.png", image)).body.attachment;
    const log = (await upload(kim, roomId, "server.log", Buffer.from("ERROR disk full\n"))).body.attachment;
    await kim.json("POST", `/api/rooms/${roomId}/messages`, {
      body: "what is wrong?",
      attachmentIds: [shot.id, log.id],
    });

    const pending = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 10 });
    expect(pending.data.messages[0].attachments).toEqual([
      { id: shot.id, name: "screenshot.png", type: "image/png", size: image.length },
      { id: log.id, name: "server.log", type: "text/plain", size: 16 },
    ]);
    expect(pending.data.messages[0].thread_root_seq).toBeNull();
    const history = await callTool(agent.mcp, "get_history", { room_id: roomId });
    expect(history.data.messages.at(-1).attachments).toHaveLength(2);

    const read = await callTool(agent.mcp, "get_attachment", { attachment_id: shot.id });
    expect(read.isError).toBe(false);
    const blocks = read.content as { type: string; data?: string; mimeType?: string; text?: string }[];
    const picture = blocks.find((b) => b.type === "image");
    expect(picture?.mimeType).toBe("image/png");
    expect(Buffer.from(picture?.data ?? "", "base64").equals(image)).toBe(true);

    const text = await callTool(agent.mcp, "get_attachment", { attachment_id: log.id });
    expect(
      (text.content as { type: string; text: string }[]).some(
        (b) => b.type === "text" && b.text === "ERROR disk full\n",
      ),
    ).toBe(true);

    const rest = await fetch(`${app.url}/api/agent/attachments/${shot.id}`, {
      headers: { authorization: `Bearer ${agent.token}` },
    });
    expect(rest.status).toBe(200);
    const body = await rest.json();
    expect(body).toMatchObject({
      attachment: { id: shot.id, type: "image/png" },
      content: { kind: "image", mime_type: "image/png", resized: false },
    });
    expect(body.content.data).toBe(image.toString("base64"));

    // An agent not in the room reads nothing of it.
    const lee = await signedUpPerson(app.url, "Lee");
    const stranger = await connectAgent(lee, await roomWith(lee, "Elsewhere"));
    const refused = await callTool(stranger.mcp, "get_attachment", { attachment_id: shot.id });
    expect(refused.isError).toBe(true);
    const refusedRest = await fetch(`${app.url}/api/agent/attachments/${shot.id}`, {
      headers: { authorization: `Bearer ${stranger.token}` },
    });
    expect(refusedRest.status).toBe(404);
  });

  it("sends files inline with a message, in a thread, size-capped", async () => {
    const mo = await signedUpPerson(app.url, "Mo");
    const roomId = await roomWith(mo, "Charts");
    const agent = await connectAgent(mo, roomId);
    const root = (await mo.json("POST", `/api/rooms/${roomId}/messages`, { body: "draw it" })).body.message;
    const image = await png();

    const chart = {
      room_id: roomId,
      body: "here",
      thread_root_seq: root.seq,
      attachments: [{ name: "chart.png", data: image.toString("base64") }],
      client_id: "chart-1",
    };
    const sent = await callTool(agent.mcp, "send_message", chart);
    expect(sent.isError).toBe(false);
    expect(sent.data.message).toMatchObject({
      thread_root_seq: root.seq,
      attachments: [{ name: "chart.png", type: "image/png", size: image.length }],
    });
    // A retry stores nothing twice.
    const retry = await callTool(agent.mcp, "send_message", chart);
    expect(retry.data).toMatchObject({ created: false, message: { id: sent.data.message.id } });
    expect(await db.attachment.count({ where: { roomId } })).toBe(1);

    const thread = await mo.json("GET", `/api/rooms/${roomId}/threads/${root.seq}`);
    expect(thread.body.root.thread).toMatchObject({ replyCount: 1 });
    const file = await mo.fetch(`/api/attachments/${thread.body.messages[0].attachments[0].id}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(image)).toBe(true);

    // A message refused after its files were stored (no such thread) leaves neither rows nor bytes behind.
    const storedFiles = async () => (await readdir(storageDir, { recursive: true })).length;
    const filesBefore = await storedFiles();
    const lost = await callTool(agent.mcp, "send_message", { ...chart, thread_root_seq: 999, client_id: "lost-1" });
    expect(lost.isError).toBe(true);
    expect(await db.attachment.count({ where: { roomId } })).toBe(1);
    expect(await storedFiles()).toBe(filesBefore);

    const tooBig = await callTool(agent.mcp, "send_message", {
      room_id: roomId,
      body: "big",
      attachments: [{ name: "big.txt", data: Buffer.alloc(2 * 1024 * 1024 + 3, 65).toString("base64") }],
    });
    expect(tooBig.isError).toBe(true);
    const refused = await callTool(agent.mcp, "send_message", {
      room_id: roomId,
      body: "",
      attachments: [{ name: "x.bin", data: Buffer.from([0, 1, 2, 3, 0, 9]).toString("base64") }],
    });
    expect(refused.isError).toBe(true);
  });
});
