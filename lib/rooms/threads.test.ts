import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { openSse } from "@/scripts/lib/sse-client";
import { callTool, connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";
import { roomWith, signedUpPerson } from "@/test/people";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer({ AGENT_QUIET_MULTI_MS: "0", AGENT_QUIET_SINGLE_MS: "0" });
});
afterAll(async () => {
  await app?.stop();
  await db.$disconnect();
});

describe("threads", () => {
  it("keeps replies in their thread with a summary on the root, unless also sent to the room; resume replays each once", async () => {
    const ann = await signedUpPerson(app.url, "Ann");
    const bob = await signedUpPerson(app.url, "Bob");
    const eve = await signedUpPerson(app.url, "Eve");
    const roomId = await roomWith(ann, "Threads", bob);
    const send = (client: typeof ann, body: object) => client.json("POST", `/api/rooms/${roomId}/messages`, body);
    const root = (await send(ann, { body: "Shall we ship on Friday?" })).body.message;
    const before = (await bob.json("GET", `/api/rooms/${roomId}`)).body.room.lastSeq as number;

    const reply = await send(bob, { body: "Yes, @Ann, after the tests", threadRootSeq: root.seq });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({ threadRootSeq: root.seq, alsoToRoom: false, thread: null });
    // Mentions inside a thread notify as anywhere else.
    const annSeat = (await ann.json("GET", `/api/rooms/${roomId}`)).body.room.you.participantId;
    expect(reply.body.message.mentions).toEqual([annSeat]);
    const loud = await send(ann, { body: "Agreed, telling everyone", threadRootSeq: root.seq, alsoToRoom: true });
    expect(loud.body.message).toMatchObject({ threadRootSeq: root.seq, alsoToRoom: true });

    // The timeline has the root (with its summary) and the reply sent to the room, not the quiet one.
    const timeline = (await bob.json("GET", `/api/rooms/${roomId}/messages`)).body.messages as {
      id: string;
      seq: number;
      thread: unknown;
    }[];
    expect(timeline.map((m) => m.id)).toContain(loud.body.message.id);
    expect(timeline.map((m) => m.id)).not.toContain(reply.body.message.id);
    const bobSeat = (await bob.json("GET", `/api/rooms/${roomId}`)).body.room.you.participantId;
    expect(timeline.find((m) => m.seq === root.seq)?.thread).toEqual({
      rootSeq: root.seq,
      replyCount: 2,
      lastReplyAt: loud.body.message.createdAt,
      lastReplySeq: loud.body.message.seq,
      participantIds: [bobSeat, annSeat],
    });

    const thread = await ann.json("GET", `/api/rooms/${roomId}/threads/${root.seq}`);
    expect(thread.status).toBe(200);
    expect(thread.body.root.id).toBe(root.id);
    expect(thread.body.messages.map((m: { id: string }) => m.id)).toEqual([
      reply.body.message.id,
      loud.body.message.id,
    ]);
    const after = await ann.json(
      "GET",
      `/api/rooms/${roomId}/threads/${root.seq}?after=${reply.body.message.seq}&limit=5`,
    );
    expect(after.body.messages.map((m: { id: string }) => m.id)).toEqual([loud.body.message.id]);

    // Not a thread: a reply (threads do not nest), a number no message has; not your room.
    expect((await send(bob, { body: "nested", threadRootSeq: reply.body.message.seq })).status).toBe(422);
    expect((await send(bob, { body: "nowhere", threadRootSeq: 9999 })).status).toBe(422);
    expect((await send(bob, { body: "loud", alsoToRoom: true })).status).toBe(422);
    expect((await ann.json("GET", `/api/rooms/${roomId}/threads/${reply.body.message.seq}`)).status).toBe(404);
    expect((await ann.json("GET", `/api/rooms/${roomId}/threads/abc`)).status).toBe(404);
    expect((await eve.json("GET", `/api/rooms/${roomId}/threads/${root.seq}`)).status).toBe(404);
    expect((await eve.json("GET", `/api/rooms/${roomId}/threads`)).status).toBe(404);

    // Edits and reactions inside a thread are changes in the room's history like any other.
    await bob.json("PATCH", `/api/messages/${reply.body.message.id}`, { body: "Yes, @Ann, after all the tests" });
    await ann.json("PUT", `/api/messages/${reply.body.message.id}/reactions/${encodeURIComponent("👍")}`);

    // Resume from before the thread: each reply and each change once, the replies carrying their root.
    const stream = await openSse(bob, `/api/rooms/${roomId}/events?after=${before}`);
    await stream.waitFor((e) => e.event === "ready");
    stream.close();
    const ids = stream.events.filter((e) => e.id).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const replayed = stream.events.filter((e) => e.event === "message" && e.data.message.threadRootSeq === root.seq);
    expect(replayed.map((e) => e.data.message.id)).toEqual([reply.body.message.id, loud.body.message.id]);
    const changes = stream.events.filter(
      (e) => e.event === "message_changed" && e.data.message.id === reply.body.message.id,
    );
    expect(changes.map((e) => e.data.change)).toEqual(["edited", "reactions"]);
    expect(changes[1].data.message).toMatchObject({ threadRootSeq: root.seq, body: "Yes, @Ann, after all the tests" });

    // Search finds words inside threads.
    const found = await ann.json("GET", `/api/search?q=tests&roomId=${roomId}`);
    expect(found.body.results.map((r: { message: { id: string } }) => r.message.id)).toContain(reply.body.message.id);
  });

  it("counts what you have not read in the threads you took part in, and keeps quiet replies out of the room's unread count", async () => {
    const cy = await signedUpPerson(app.url, "Cy");
    const dee = await signedUpPerson(app.url, "Dee");
    const fin = await signedUpPerson(app.url, "Fin");
    const roomId = await roomWith(cy, "Unread", dee, fin);
    const root = (await cy.json("POST", `/api/rooms/${roomId}/messages`, { body: "Lunch?" })).body.message;
    await cy.json("POST", `/api/rooms/${roomId}/read`, { seq: root.seq });
    await dee.json("POST", `/api/rooms/${roomId}/messages`, { body: "pizza", threadRootSeq: root.seq });
    const last = (
      await dee.json("POST", `/api/rooms/${roomId}/messages`, { body: "or sushi", threadRootSeq: root.seq })
    ).body.message;

    // Cy wrote the root, Dee replied: both took part; Fin did not.
    expect((await cy.json("GET", `/api/rooms/${roomId}/threads`)).body.threads).toEqual([
      { rootSeq: root.seq, replyCount: 2, lastReplyAt: last.createdAt, unread: 2 },
    ]);
    expect((await dee.json("GET", `/api/rooms/${roomId}/threads`)).body.threads[0].unread).toBe(0);
    expect((await fin.json("GET", `/api/rooms/${roomId}/threads`)).body.threads).toEqual([]);
    const rooms = (await cy.json("GET", "/api/rooms")).body.rooms as { id: string; unread: number }[];
    expect(rooms.find((r) => r.id === roomId)?.unread).toBe(0);

    expect((await cy.json("POST", `/api/rooms/${roomId}/threads/${root.seq}/read`, { seq: last.seq })).status).toBe(
      204,
    );
    expect((await cy.json("GET", `/api/rooms/${roomId}/threads`)).body.threads[0].unread).toBe(0);
    // A made-up thread leaves no marker behind: no row per request.
    const cySeat = (await cy.json("GET", `/api/rooms/${roomId}`)).body.room.you.participantId as string;
    expect((await cy.json("POST", `/api/rooms/${roomId}/threads/987654/read`, { seq: 5 })).status).toBe(204);
    expect(await db.threadMarker.count({ where: { participantId: cySeat, rootSeq: 987654 } })).toBe(0);
    await dee.json("POST", `/api/rooms/${roomId}/messages`, { body: "tacos then", threadRootSeq: root.seq });
    expect((await cy.json("GET", `/api/rooms/${roomId}/threads`)).body.threads[0].unread).toBe(1);

    // Mentioned in a thread they never joined, Fin finds it after a reload: a mention in the rooms list, the thread unread.
    const finUnread = async () =>
      ((await fin.json("GET", "/api/rooms")).body.rooms as { id: string; unread: number; mentions: number }[]).find(
        (r) => r.id === roomId,
      );
    const before = await finUnread();
    await dee.json("POST", `/api/rooms/${roomId}/messages`, { body: "@Fin you in?", threadRootSeq: root.seq });
    expect(await finUnread()).toMatchObject({ unread: (before?.unread ?? 0) + 1, mentions: 1 });
    expect((await fin.json("GET", `/api/rooms/${roomId}/threads`)).body.threads).toMatchObject([
      { rootSeq: root.seq, unread: 4 },
    ]);
  });

  it("hands an agent the thread replies its reply rule asks for, with thread_root_seq, and takes its answer in the thread", async () => {
    const gus = await signedUpPerson(app.url, "Gus");
    const roomId = await roomWith(gus, "Agent threads");
    const agent = await connectAgent(gus, roomId);
    const root = (await gus.json("POST", `/api/rooms/${roomId}/messages`, { body: "A question for later" })).body
      .message;
    await callTool(agent.mcp, "ack_messages", { room_id: roomId, up_to_seq: root.seq });
    const asked = (
      await gus.json("POST", `/api/rooms/${roomId}/messages`, { body: "What is 2+2?", threadRootSeq: root.seq })
    ).body.message;

    const pending = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 10 });
    expect(
      pending.data.messages.map((m: { seq: number; thread_root_seq: number }) => [m.seq, m.thread_root_seq]),
    ).toEqual([[asked.seq, root.seq]]);
    const answer = await callTool(agent.mcp, "send_message", {
      room_id: roomId,
      body: "4",
      reply_to_seq: asked.seq,
      thread_root_seq: root.seq,
    });
    expect(answer.data.message).toMatchObject({ thread_root_seq: root.seq });
    const thread = await gus.json("GET", `/api/rooms/${roomId}/threads/${root.seq}`);
    expect(thread.body.root.thread.replyCount).toBe(2);

    // Set to answer only @mentions, it is not handed a thread reply that does not mention it.
    const seat = (await gus.json("GET", `/api/rooms/${roomId}`)).body.room.participants.find(
      (p: { kind: string }) => p.kind === "agent",
    );
    await gus.json("PATCH", `/api/rooms/${roomId}/participants/${seat.id}`, { replyRule: "mentions" });
    await gus.json("POST", `/api/rooms/${roomId}/messages`, { body: "thanks", threadRootSeq: root.seq });
    expect((await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 1 })).data.messages).toEqual([]);
    await gus.json("POST", `/api/rooms/${roomId}/messages`, {
      body: `@${agent.name} and 3+3?`,
      threadRootSeq: root.seq,
    });
    const mentioned = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 10 });
    expect(mentioned.data.messages[0]).toMatchObject({ thread_root_seq: root.seq });
  });
});
