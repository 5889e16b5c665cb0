import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { openSse, type SseEvent } from "@/scripts/lib/sse-client";
import { callTool, connectAgent } from "@/test/agents";
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
const roomOf = (owner: ParleyClient, ...members: ParleyClient[]) => roomWith(owner, "history", ...members);

const send = async (client: ParleyClient, roomId: string, body: string, extra: object = {}) =>
  (await client.json("POST", `/api/rooms/${roomId}/messages`, { body, ...extra })).body.message;
const react = (client: ParleyClient, messageId: string, emoji: string, method: "PUT" | "DELETE" = "PUT") =>
  client.json(method, `/api/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`);
const changes = (events: SseEvent[]) => events.filter((e) => e.event === "message_changed");

describe("editing", () => {
  it("lets the author edit (editedAt, same seq, live), others get 403, strangers 404, bad bodies 422", async () => {
    const ann = await person("Ann");
    const ben = await person("Ben");
    const eve = await person("Eve");
    const roomId = await roomOf(ann, ben);
    const sent = await send(ann, roomId, "teh plan");
    const stream = await openSse(ben, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");

    const res = await ann.json("PATCH", `/api/messages/${sent.id}`, { body: "the plan" });
    expect(res.status).toBe(200);
    expect(res.body.message).toMatchObject({ id: sent.id, seq: sent.seq, body: "the plan" });
    expect(typeof res.body.message.editedAt).toBe("string");
    const live = await stream.waitFor((e) => e.event === "message_changed");
    expect(live.data).toMatchObject({ change: "edited", message: { id: sent.id, seq: sent.seq, body: "the plan" } });
    expect(Number(live.id)).toBe(live.data.seq);
    expect(live.data.seq).toBeGreaterThan(sent.seq);
    stream.close();

    expect((await ben.json("PATCH", `/api/messages/${sent.id}`, { body: "mine now" })).status).toBe(403);
    expect((await eve.json("PATCH", `/api/messages/${sent.id}`, { body: "hello" })).status).toBe(404);
    expect((await ann.json("PATCH", `/api/messages/${sent.id}`, { body: "   " })).status).toBe(422);
    expect((await ann.json("PATCH", `/api/messages/${sent.id}`, { body: "a\u0000b" })).status).toBe(422);
    expect((await ann.json("PATCH", "/api/messages/nope", { body: "x" })).status).toBe(404);
    expect((await new ParleyClient(app.url).json("PATCH", `/api/messages/${sent.id}`, { body: "x" })).status).toBe(401);
    const history = (await ben.json("GET", `/api/rooms/${roomId}/messages`)).body.messages;
    expect(history.at(-1)).toMatchObject({ id: sent.id, body: "the plan" });
  });
});

describe("deleting", () => {
  it("leaves no copy of the text, for the author or an admin; others 403, strangers 404; edits of it 409", async () => {
    const cat = await person("Cat");
    const dan = await person("Dan");
    const eve = await person("Eve");
    const roomId = await roomOf(cat, dan);
    const secret = `the code is swordfish${Date.now()}`;
    const sent = await send(cat, roomId, secret);
    await react(dan, sent.id, "👍");
    const stream = await openSse(dan, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");

    expect((await dan.json("DELETE", `/api/messages/${sent.id}`)).status).toBe(403);
    expect((await eve.json("DELETE", `/api/messages/${sent.id}`)).status).toBe(404);
    const res = await cat.json("DELETE", `/api/messages/${sent.id}`);
    expect(res.status).toBe(200);
    expect(res.body.message).toMatchObject({ id: sent.id, seq: sent.seq, redacted: true, reactions: [], mentions: [] });
    const live = await stream.waitFor((e) => e.event === "message_changed" && e.data.change === "deleted");
    expect(live.data.message).toMatchObject({ id: sent.id, redacted: true });
    stream.close();

    expect((await cat.json("PATCH", `/api/messages/${sent.id}`, { body: "back" })).status).toBe(409);
    expect((await dan.json("PUT", `/api/messages/${sent.id}/reactions/${encodeURIComponent("🎉")}`)).status).toBe(409);
    expect((await cat.json("DELETE", `/api/messages/${sent.id}`)).status).toBe(200); // twice is once
    const replay = await openSse(dan, `/api/rooms/${roomId}/events?after=0`);
    await replay.waitFor((e) => e.event === "ready");
    replay.close();
    const everything = JSON.stringify([replay.events, (await dan.json("GET", `/api/rooms/${roomId}/messages`)).body]);
    expect(everything).not.toContain("swordfish");

    const admin = new ParleyClient(app.url);
    await admin.signIn(adminUser);
    const other = await send(dan, roomId, "admins may delete this");
    expect((await admin.json("DELETE", `/api/messages/${other.id}`)).status).toBe(200);
    const audit = (await admin.json("GET", "/api/admin/audit?action=message.redacted")).body.entries;
    expect(audit.find((e: { targetId: string }) => e.targetId === other.id).meta.as).toBe("admin");
    expect(JSON.stringify(audit)).not.toContain("swordfish");
  });
});

describe("reactions", () => {
  it("are one per person and emoji, aggregated with mine, live; 422 for what is not an emoji", async () => {
    const fay = await person("Fay");
    const gus = await person("Gus");
    const eve = await person("Eve");
    const roomId = await roomOf(fay, gus);
    const sent = await send(fay, roomId, "lunch?");
    const stream = await openSse(fay, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");

    expect((await react(gus, sent.id, "👍")).body.reactions).toEqual([{ emoji: "👍", count: 1, mine: true }]);
    expect((await react(gus, sent.id, "👍")).body.reactions).toEqual([{ emoji: "👍", count: 1, mine: true }]);
    expect((await react(fay, sent.id, "👍")).body.reactions).toEqual([{ emoji: "👍", count: 2, mine: true }]);
    expect((await react(fay, sent.id, ":tada:")).body.reactions).toEqual([
      { emoji: "👍", count: 2, mine: true },
      { emoji: ":tada:", count: 1, mine: true },
    ]);
    expect((await react(gus, sent.id, "👍🏽")).status).toBe(200);
    expect((await react(gus, sent.id, "👍🏽", "DELETE")).status).toBe(200);
    const after = await react(gus, sent.id, "👍", "DELETE");
    expect(after.body.reactions).toEqual([
      { emoji: "👍", count: 1, mine: false },
      { emoji: ":tada:", count: 1, mine: false },
    ]);
    for (const bad of ["a", "👍👍", "<b>", ":no spaces:", "::"])
      expect((await react(gus, sent.id, bad)).status, bad).toBe(422);
    expect((await react(eve, sent.id, "👍")).status).toBe(404);

    // Six changes (the repeated 👍 changed nothing): each live, once, in order.
    await stream.waitFor(
      (e) =>
        e.event === "message_changed" &&
        e.data.message.reactions.length === 2 &&
        e.data.message.reactions[0].count === 1,
    );
    const seen = changes(stream.events);
    expect(seen.map((e) => e.data.change)).toEqual(Array(6).fill("reactions"));
    expect(seen.map((e) => Number(e.id))).toEqual([...seen.map((e) => Number(e.id))].sort((a, b) => a - b));
    expect(seen.at(-1)?.data.message.reactions[0]).toMatchObject({ emoji: "👍", count: 1 });
    stream.close();
  });
});

describe("resuming", () => {
  it("a stream that was away while a message was edited, deleted and reacted to gets exactly those changes, once", async () => {
    const hal = await person("Hal");
    const ivy = await person("Ivy");
    const roomId = await roomOf(hal, ivy);
    const first = await send(hal, roomId, "first");
    const second = await send(hal, roomId, "second");
    const stream = await openSse(ivy, `/api/rooms/${roomId}/events?after=0`);
    await stream.waitFor((e) => e.event === "ready");
    const lastId = stream.events.filter((e) => e.id).at(-1)?.id as string;
    stream.close();

    await hal.json("PATCH", `/api/messages/${first.id}`, { body: "first, edited" });
    await hal.json("DELETE", `/api/messages/${second.id}`);
    await react(ivy, first.id, "❤️");
    const third = await send(ivy, roomId, "third");

    const resumed = await openSse(ivy, `/api/rooms/${roomId}/events`, { "last-event-id": lastId });
    await resumed.waitFor((e) => e.event === "ready");
    const history = resumed.events.filter((e) => e.id);
    expect(history.map((e) => [e.event, e.data.change ?? null, e.data.message.id])).toEqual([
      ["message_changed", "edited", first.id],
      ["message_changed", "deleted", second.id],
      ["message_changed", "reactions", first.id],
      ["message", null, third.id],
    ]);
    const ids = history.map((e) => Number(e.id));
    expect(ids).toEqual([Number(lastId) + 1, Number(lastId) + 2, Number(lastId) + 3, Number(lastId) + 4]);
    expect(third.seq).toBe(Number(lastId) + 4);
    expect(history[0].data.message).toMatchObject({ seq: first.seq, body: "first, edited" });

    // Live after the replay: a change made now arrives once.
    await hal.json("PATCH", `/api/messages/${first.id}`, { body: "first, again" });
    await resumed.waitFor((e) => e.data?.message?.body === "first, again");
    await new Promise((r) => setTimeout(r, 300));
    expect(resumed.events.filter((e) => e.event === "message_changed" && e.data.change === "edited")).toHaveLength(2);
    resumed.close();

    // People's unread counts count messages, not numbers in the history.
    const rooms = (await hal.json("GET", "/api/rooms")).body.rooms;
    expect(rooms.find((r: { id: string }) => r.id === roomId).unread).toBe(1);
  });
});

describe("agents", () => {
  it("edit their own messages and react through MCP and the REST mirror; mentions drive their mention rule", async () => {
    const jo = await person("Jo");
    const roomId = await roomOf(jo);
    const bot = await connectAgent(jo, roomId);
    await jo.json(
      "PATCH",
      `/api/rooms/${roomId}/participants/${(await jo.json("GET", `/api/rooms/${roomId}`)).body.room.participants.find((p: { agentId: string | null }) => p.agentId === bot.agentId).id}`,
      {
        replyRule: "mentions",
      },
    );
    const plain = await send(jo, roomId, "no one in particular");
    const asked = await send(jo, roomId, `@${bot.name} what's the time?`);
    const participants = (await jo.json("GET", `/api/rooms/${roomId}`)).body.room.participants;
    const botSeat = participants.find((p: { agentId: string | null }) => p.agentId === bot.agentId).id;
    expect(asked.mentions).toEqual([botSeat]);
    expect(plain.mentions).toEqual([]);

    const pending = await callTool(bot.mcp, "get_pending_messages", { room_id: roomId, wait_seconds: 5 });
    expect(pending.data.messages.map((m: { seq: number }) => m.seq)).toEqual([asked.seq]);
    expect(pending.data.messages[0].mentions).toEqual([botSeat]);

    const reply = await callTool(bot.mcp, "send_message", { room_id: roomId, body: "noon", reply_to_seq: asked.seq });
    const edited = await callTool(bot.mcp, "edit_message", {
      room_id: roomId,
      seq: reply.data.message.seq,
      body: "12:00",
    });
    expect(edited.isError).toBe(false);
    expect(edited.data.message).toMatchObject({ seq: reply.data.message.seq, body: "12:00", reply_to_seq: asked.seq });
    expect(typeof edited.data.message.edited_at).toBe("string");
    const notMine = await callTool(bot.mcp, "edit_message", { room_id: roomId, seq: asked.seq, body: "hijack" });
    expect(notMine.isError).toBe(true);

    const reacted = await callTool(bot.mcp, "react", { room_id: roomId, seq: asked.seq, emoji: "👀" });
    expect(reacted.data.reactions).toEqual([{ emoji: "👀", count: 1, mine: true }]);
    expect((await callTool(bot.mcp, "react", { room_id: roomId, seq: asked.seq, emoji: "nope" })).isError).toBe(true);

    const rest = (method: string, path: string, body?: object) =>
      fetch(new URL(path, app.url), {
        method,
        headers: { authorization: `Bearer ${bot.token}`, "content-type": "application/json" },
        body: body && JSON.stringify(body),
      });
    const restEdit = await rest("PATCH", `/api/agent/rooms/${roomId}/messages/${reply.data.message.seq}`, {
      body: "12:00 sharp",
    });
    expect(restEdit.status).toBe(200);
    expect((await restEdit.json()).message.body).toBe("12:00 sharp");
    const restReact = await rest(
      "DELETE",
      `/api/agent/rooms/${roomId}/messages/${asked.seq}/reactions/${encodeURIComponent("👀")}`,
    );
    expect(await restReact.json()).toEqual({ reactions: [] });
    expect((await rest("PUT", `/api/agent/rooms/${roomId}/messages/${asked.seq}/reactions/x`)).status).toBe(422);

    // An edit is not a new message: nothing new is pending, and the messages keep their seqs.
    const history = (await callTool(bot.mcp, "get_history", { room_id: roomId })).data.messages;
    expect(history.find((m: { seq: number }) => m.seq === reply.data.message.seq).body).toBe("12:00 sharp");
    expect(
      (await callTool(bot.mcp, "get_pending_messages", { room_id: roomId, wait_seconds: 0 })).data.messages,
    ).toEqual([]);
    await bot.mcp.close();
  });
});
