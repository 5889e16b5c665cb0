import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { openSse } from "@/scripts/lib/sse-client";
import { type AppServer, startAppServer } from "@/test/app-server";
import { roomWith, signedUpPerson } from "@/test/people";

let app: AppServer;
const adminUser = uniqueUser("Admin");
beforeAll(async () => {
  app = await startAppServer();
  await new ParleyClient(app.url).signUp(adminUser); // first account: admin
});
afterAll(() => app?.stop());

const person = (name: string) => signedUpPerson(app.url, name);
const roomOf = (owner: ParleyClient, ...members: ParleyClient[]) => roomWith(owner, "redactions", ...members);

describe("redacting a message", () => {
  it("replaces the body, reaches an open stream as the redacted message, and is audited without the text", async () => {
    const ann = await person("Ann");
    const ben = await person("Ben");
    const roomId = await roomOf(ann, ben);
    const secret = `my password is hunter2 ${Date.now()}`;
    const sent = (await ann.json("POST", `/api/rooms/${roomId}/messages`, { body: secret })).body.message;
    const stream = await openSse(ben, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "message" && e.data.message.id === sent.id);

    const res = await ann.json("POST", `/api/messages/${sent.id}/redact`);
    expect(res.status).toBe(200);
    expect(res.body.message).toMatchObject({ id: sent.id, seq: sent.seq, redacted: true, body: "[message redacted]" });

    const live = await stream.waitFor((e) => e.event === "message_changed" && e.data.change === "deleted");
    expect(live.data.message).toMatchObject({ id: sent.id, seq: sent.seq, redacted: true, body: "[message redacted]" });
    stream.close();

    const history = (await ben.json("GET", `/api/rooms/${roomId}/messages`)).body.messages;
    expect(history.find((m: { id: string }) => m.id === sent.id)).toMatchObject({
      redacted: true,
      body: "[message redacted]",
    });
    expect(JSON.stringify(history)).not.toContain("hunter2");
    // A reconnecting reader replays the redacted copy too.
    const replay = await openSse(ben, `/api/rooms/${roomId}/events?after=0`);
    const replayed = await replay.waitFor((e) => e.event === "message" && e.data.message.id === sent.id);
    expect(replayed.data.message.body).toBe("[message redacted]");
    replay.close();

    const admin = new ParleyClient(app.url);
    await admin.signIn(adminUser);
    const audit = (await admin.json("GET", "/api/admin/audit?action=message.redacted")).body.entries;
    const entry = audit.find((e: { targetId: string }) => e.targetId === sent.id);
    expect(entry).toMatchObject({
      action: "message.redacted",
      targetType: "message",
      actor: { name: "Ann" },
      meta: { roomId, seq: sent.seq, as: "author" },
    });
    expect(typeof entry.createdAt).toBe("string");
    expect(JSON.stringify(audit)).not.toContain("hunter2");

    // Twice is once.
    expect((await ann.json("POST", `/api/messages/${sent.id}/redact`)).status).toBe(200);
    const again = (await admin.json("GET", "/api/admin/audit?action=message.redacted")).body.entries;
    expect(again.filter((e: { targetId: string }) => e.targetId === sent.id)).toHaveLength(1);
  });

  it("is for the author and admins only: another member gets 403, a stranger 404", async () => {
    const cat = await person("Cat");
    const dan = await person("Dan");
    const eve = await person("Eve");
    const roomId = await roomOf(cat, dan);
    const sent = (await cat.json("POST", `/api/rooms/${roomId}/messages`, { body: "mine" })).body.message;
    expect((await dan.json("POST", `/api/messages/${sent.id}/redact`)).status).toBe(403);
    expect((await eve.json("POST", `/api/messages/${sent.id}/redact`)).status).toBe(404);
    expect((await new ParleyClient(app.url).json("POST", `/api/messages/${sent.id}/redact`)).status).toBe(401);
    expect((await cat.json("GET", `/api/rooms/${roomId}/messages`)).body.messages.at(-1).body).toBe("mine");

    // An admin who is not in the room may redact it.
    const admin = new ParleyClient(app.url);
    await admin.signIn(adminUser);
    const byAdmin = await admin.json("POST", `/api/messages/${sent.id}/redact`);
    expect(byAdmin.status).toBe(200);
    const audit = (await admin.json("GET", "/api/admin/audit?action=message.redacted")).body.entries;
    expect(audit.find((e: { targetId: string }) => e.targetId === sent.id).meta.as).toBe("admin");
  });
});
