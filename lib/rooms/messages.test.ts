import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { messageSeqs, openSse } from "@/scripts/lib/sse-client";
import { callTool, connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";

// Real processes over real HTTP on the file's own PostgreSQL database.
let a: AppServer;
let b: AppServer;
beforeAll(async () => {
  [a, b] = await Promise.all([
    startAppServer({ SEND_RATE_PER_MINUTE: "100000" }),
    startAppServer({ SEND_RATE_PER_MINUTE: "100000" }),
  ]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

async function person(server = a) {
  const client = new ParleyClient(server.url);
  await client.signUp(uniqueUser());
  return client;
}

async function roomWith(owner: ParleyClient, ...others: ParleyClient[]): Promise<string> {
  const { body } = await owner.json("POST", "/api/rooms", { name: "test room" });
  const roomId = body.room.id as string;
  for (const other of others) {
    const invite = await owner.json("POST", `/api/rooms/${roomId}/invites`);
    expect((await other.json("POST", `/api/invites/${invite.body.token}`)).status).toBe(200);
  }
  return roomId;
}

const lastSeq = async (client: ParleyClient, roomId: string) =>
  (await client.json("GET", `/api/rooms/${roomId}`)).body.room.lastSeq as number;

describe("sending messages", () => {
  it("numbers 3 × 200 concurrent messages 1..600 after the room's history, and every subscriber sees one order", async () => {
    const senders = [await person(), await person(), await person()];
    const roomId = await roomWith(senders[0], senders[1], senders[2]);
    const base = await lastSeq(senders[0], roomId);
    const streams = await Promise.all([
      openSse(senders[0], `/api/rooms/${roomId}/events?after=${base}`),
      openSse(senders[1], `/api/rooms/${roomId}/events?after=${base}`),
    ]);
    await Promise.all(streams.map((s) => s.waitFor((e) => e.event === "ready")));

    const results = await Promise.all(
      senders.flatMap((sender, s) =>
        Array.from({ length: 200 }, (_, i) =>
          sender.json("POST", `/api/rooms/${roomId}/messages`, { body: `s${s} m${i}` }),
        ),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const seqs = results.map((r) => r.body.message.seq as number).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 600 }, (_, i) => base + 1 + i));

    await Promise.all(streams.map((s) => s.waitFor((e) => e.event === "message" && e.data.message.seq === base + 600)));
    const [first, second] = streams.map(messageSeqs);
    expect(first).toEqual(seqs);
    expect(second).toEqual(first);
    for (const s of streams) s.close();
  });

  it("stores one message for a retried clientId and returns the original", async () => {
    const alice = await person();
    const roomId = await roomWith(alice);
    const send = () => alice.json("POST", `/api/rooms/${roomId}/messages`, { body: "once", clientId: "retry-1" });
    const [x, y] = await Promise.all([send(), send()]);
    const z = await send();
    expect([x.status, y.status].sort()).toEqual([200, 201]);
    expect(z.status).toBe(200);
    expect(new Set([x.body.message.id, y.body.message.id, z.body.message.id]).size).toBe(1);
    const history = await alice.json("GET", `/api/rooms/${roomId}/messages?limit=200`);
    expect(history.body.messages.filter((m: { body: string }) => m.body === "once")).toHaveLength(1);
  });

  it("validates bodies: empty or over 10,000 characters → 422, over 64 KB → 413", async () => {
    const alice = await person();
    const roomId = await roomWith(alice);
    const post = (body: unknown) => alice.json("POST", `/api/rooms/${roomId}/messages`, body);
    expect((await post({ body: "   " })).status).toBe(422);
    expect((await post({ body: "x".repeat(10_001) })).status).toBe(422);
    expect((await post({ body: "x".repeat(10_000) })).status).toBe(201);
    expect((await post({ body: "x".repeat(70_000) })).status).toBe(413);
    expect((await post({})).body.error.fields.body).toBeDefined();
  });

  it("pages history with after and before", async () => {
    const alice = await person();
    const roomId = await roomWith(alice);
    for (let i = 0; i < 5; i++) await alice.json("POST", `/api/rooms/${roomId}/messages`, { body: `p${i}` });
    const top = await lastSeq(alice, roomId);
    const before = await alice.json("GET", `/api/rooms/${roomId}/messages?before=${top}&limit=2`);
    expect(before.body.messages.map((m: { seq: number }) => m.seq)).toEqual([top - 2, top - 1]);
    const after = await alice.json("GET", `/api/rooms/${roomId}/messages?after=${top - 2}`);
    expect(after.body.messages.map((m: { seq: number }) => m.seq)).toEqual([top - 1, top]);
    expect((await alice.json("GET", `/api/rooms/${roomId}/messages?limit=0`)).status).toBe(422);
  });
});

describe("access", () => {
  it("hides a room from non-members (404 on read, send, stream) and asks signed-out callers to sign in (401)", async () => {
    const owner = await person();
    const stranger = await person();
    const roomId = await roomWith(owner);
    expect((await stranger.json("GET", `/api/rooms/${roomId}`)).status).toBe(404);
    expect((await stranger.json("GET", `/api/rooms/${roomId}/messages`)).status).toBe(404);
    expect((await stranger.json("POST", `/api/rooms/${roomId}/messages`, { body: "hi" })).status).toBe(404);
    await expect(openSse(stranger, `/api/rooms/${roomId}/events`)).rejects.toMatchObject({ status: 404 });
    expect((await stranger.json("GET", "/api/rooms/does-not-exist")).status).toBe(404);

    const anonymous = new ParleyClient(a.url);
    expect((await anonymous.json("GET", `/api/rooms/${roomId}/messages`)).status).toBe(401);
    expect((await anonymous.json("POST", `/api/rooms/${roomId}/messages`, { body: "hi" })).status).toBe(401);
    await expect(openSse(anonymous, `/api/rooms/${roomId}/events`)).rejects.toMatchObject({ status: 401 });
  });

  it("lets only the owner rename, and a member who leaves loses access", async () => {
    const owner = await person();
    const member = await person();
    const roomId = await roomWith(owner, member);
    expect((await member.json("PATCH", `/api/rooms/${roomId}`, { name: "mine now" })).status).toBe(403);
    expect((await owner.json("PATCH", `/api/rooms/${roomId}`, { name: "Renamed" })).body.room.name).toBe("Renamed");

    // The member's agent, and the member's open stream, go with the member.
    const agent = await connectAgent(member, roomId, "Helper");
    const stream = await openSse(member, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    expect((await member.json("POST", `/api/rooms/${roomId}/leave`)).status).toBe(200);
    await stream.closed;
    expect((await member.json("GET", `/api/rooms/${roomId}/messages`)).status).toBe(404);
    const seat = await callTool(agent.mcp, "get_history", { room_id: roomId });
    expect(seat.isError).toBe(true);
    const { participants } = (await owner.json("GET", `/api/rooms/${roomId}`)).body.room;
    expect(participants.map((p: { name: string }) => p.name)).not.toContain("Helper");
  });

  it("lets the room's owner or the agent's owner remove an agent, and nobody else", async () => {
    const owner = await person();
    const member = await person();
    const roomId = await roomWith(owner, member);
    const agent = await connectAgent(owner, roomId, "Bot");
    const { participants } = (await owner.json("GET", `/api/rooms/${roomId}`)).body.room;
    const seat = participants.find((p: { agentId: string | null }) => p.agentId === agent.agentId);
    const self = participants.find((p: { kind: string; role: string }) => p.role === "owner");
    expect((await member.fetch(`/api/rooms/${roomId}/participants/${seat.id}`, { method: "DELETE" })).status).toBe(403);
    expect((await owner.fetch(`/api/rooms/${roomId}/participants/${self.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await owner.fetch(`/api/rooms/${roomId}/participants/${seat.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await callTool(agent.mcp, "get_room_status", { room_id: roomId })).isError).toBe(true);
  });
});

describe("live stream", () => {
  it("resumes from Last-Event-ID in the middle of a burst without losing or repeating a message", async () => {
    const alice = await person();
    const roomId = await roomWith(alice);
    const base = await lastSeq(alice, roomId);
    const first = await openSse(alice, `/api/rooms/${roomId}/events?after=${base}`);
    await first.waitFor((e) => e.event === "ready");

    const burst = (async () => {
      for (let i = 0; i < 150; i++) await alice.json("POST", `/api/rooms/${roomId}/messages`, { body: `burst ${i}` });
    })();
    await first.waitFor((e) => e.event === "message" && e.data.message.seq >= base + 40);
    first.close();
    const seen = messageSeqs(first);
    const resumed = await openSse(alice, `/api/rooms/${roomId}/events`, {
      "last-event-id": String(seen[seen.length - 1]),
    });
    await burst;
    await resumed.waitFor((e) => e.event === "message" && e.data.message.seq === base + 150);
    const all = [...seen, ...messageSeqs(resumed)];
    expect(all).toEqual(Array.from({ length: 150 }, (_, i) => base + 1 + i));
    resumed.close();
  });

  it("replays a long backlog at the reader's pace instead of cutting off a client that is far behind", async () => {
    const small = await startAppServer({ SSE_MAX_QUEUE: "20", SEND_RATE_PER_MINUTE: "100000" });
    try {
      const alice = await person(small);
      const roomId = await roomWith(alice);
      const base = await lastSeq(alice, roomId);
      await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          alice.json("POST", `/api/rooms/${roomId}/messages`, { body: `backlog ${i}` }),
        ),
      );
      const stream = await openSse(alice, `/api/rooms/${roomId}/events?after=${base}`);
      await stream.waitFor((e) => e.event === "ready", 20_000);
      expect(messageSeqs(stream)).toEqual(Array.from({ length: 300 }, (_, i) => base + 1 + i));
      stream.close();
    } finally {
      await small.stop();
    }
  });

  it("delivers a message sent through one process to a stream opened on another, also across a listener outage", async () => {
    const alice = await person(a);
    const bob = new ParleyClient(b.url);
    const bobUser = uniqueUser();
    await new ParleyClient(a.url).json("POST", "/api/auth/register", bobUser);
    await bob.signIn(bobUser);
    const bobOnA = new ParleyClient(a.url);
    await bobOnA.signIn(bobUser);
    const roomId = await roomWith(alice, bobOnA);
    const base = await lastSeq(alice, roomId);

    const stream = await openSse(bob, `/api/rooms/${roomId}/events?after=${base}`);
    await stream.waitFor((e) => e.event === "ready");
    const sent = await alice.json("POST", `/api/rooms/${roomId}/messages`, { body: "across processes" });
    const got = await stream.waitFor((e) => e.event === "message" && e.data.message.id === sent.body.message.id, 5000);
    expect(got.id).toBe(String(sent.body.message.seq));
    expect(got.data.message.body).toBe("across processes");

    // The listening connections drop (a database restart, a proxy timeout): messages sent meanwhile
    // still arrive, once the listener is back and has caught up by seq.
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const killed = await db.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'",
    );
    await db.end();
    expect(killed.rowCount).toBeGreaterThanOrEqual(2);
    const during = await alice.json("POST", `/api/rooms/${roomId}/messages`, { body: "while the listener was down" });
    await stream.waitFor((e) => e.event === "message" && e.data.message.id === during.body.message.id, 10_000);
    const after = await alice.json("POST", `/api/rooms/${roomId}/messages`, { body: "after it came back" });
    await stream.waitFor((e) => e.event === "message" && e.data.message.id === after.body.message.id, 10_000);
    expect(messageSeqs(stream)).toEqual([base + 1, base + 2, base + 3]);
    stream.close();
  });

  it("delivers a concurrent burst sent through one process to a stream on another, each message once and in order", async () => {
    const carol = uniqueUser();
    const onA = new ParleyClient(a.url);
    await onA.signUp(carol);
    const onB = new ParleyClient(b.url);
    await onB.signIn(carol);
    const [roomId, otherRoomId] = [await roomWith(onA), await roomWith(onA)];
    const base = await lastSeq(onA, roomId);

    const stream = await openSse(onB, `/api/rooms/${roomId}/events?after=${base}`);
    await stream.waitFor((e) => e.event === "ready");
    // Many notifications at once, for two rooms: A batches them and coalesces each room's to its highest seq.
    await Promise.all([
      ...Array.from({ length: 100 }, (_, i) =>
        onA.json("POST", `/api/rooms/${roomId}/messages`, { body: `burst ${i}` }),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        onA.json("POST", `/api/rooms/${otherRoomId}/messages`, { body: `elsewhere ${i}` }),
      ),
    ]);
    await stream.waitFor((e) => e.event === "message" && e.data.message.seq === base + 100, 10_000);
    expect(messageSeqs(stream)).toEqual(Array.from({ length: 100 }, (_, i) => base + 1 + i));
    stream.close();
  });
});
