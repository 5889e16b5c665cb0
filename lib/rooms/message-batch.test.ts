import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { messageSeqs, openSse } from "@/scripts/lib/sse-client";
import { type AppServer, startAppServer } from "@/test/app-server";

// Two real app processes on the file's own database.
let a: AppServer;
let b: AppServer;
let sql: pg.Client;
beforeAll(async () => {
  [a, b] = await Promise.all([
    startAppServer({ SEND_RATE_PER_MINUTE: "100000" }),
    startAppServer({ SEND_RATE_PER_MINUTE: "100000" }),
  ]);
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await Promise.all([a?.stop(), b?.stop()]);
});

async function person(server: AppServer) {
  const credentials = uniqueUser();
  const client = new ParleyClient(server.url);
  const user = await client.signUp(credentials);
  return Object.assign(client, { userId: user.id, credentials });
}

async function join(owner: ParleyClient, roomId: string, other: ParleyClient) {
  const invite = await owner.json("POST", `/api/rooms/${roomId}/invites`);
  expect((await other.json("POST", `/api/invites/${invite.body.token}`)).status).toBe(200);
}

const send = (client: ParleyClient, roomId: string, body: string, clientId?: string) =>
  client.json("POST", `/api/rooms/${roomId}/messages`, clientId ? { body, clientId } : { body });

describe("group commit", () => {
  it("stores 4 × 60 concurrent sends, each retried while in flight, once each with contiguous seqs in shared transactions", async () => {
    const senders = await Promise.all([person(a), person(a), person(a), person(a)]);
    const roomId = (await senders[0].json("POST", "/api/rooms", { name: "hot" })).body.room.id as string;
    for (const other of senders.slice(1)) await join(senders[0], roomId, other);
    const base = (await senders[0].json("GET", `/api/rooms/${roomId}`)).body.room.lastSeq as number;
    const stream = await openSse(senders[1], `/api/rooms/${roomId}/events?after=${base}`);
    await stream.waitFor((e) => e.event === "ready");

    // Every message goes twice at the same moment (a client retrying a send it thinks was lost), and a
    // third time after all have answered.
    const sends = senders.flatMap((sender, s) =>
      Array.from({ length: 60 }, (_, i) => ({ sender, body: `s${s} m${i}`, clientId: `c-${s}-${i}` })),
    );
    const first = await Promise.all(
      sends.flatMap((m) => [send(m.sender, roomId, m.body, m.clientId), send(m.sender, roomId, m.body, m.clientId)]),
    );
    const again = await Promise.all(sends.map((m) => send(m.sender, roomId, m.body, m.clientId)));

    const seqs: number[] = [];
    sends.forEach((m, i) => {
      const pair = [first[2 * i], first[2 * i + 1]];
      expect(pair.map((r) => r.status).sort()).toEqual([200, 201]);
      const [original, retry] = pair[0].status === 201 ? pair : [pair[1], pair[0]];
      expect(original.body.message).toMatchObject({ body: m.body, clientId: m.clientId });
      expect(retry.body.message).toEqual(original.body.message);
      expect(again[i].status).toBe(200);
      expect(again[i].body.message).toEqual(original.body.message);
      seqs.push(original.body.message.seq);
    });
    seqs.sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: sends.length }, (_, i) => base + 1 + i));

    // Concurrent sends have no order among themselves; a subscriber sees every seq once, in order.
    await stream.waitFor((e) => e.event === "message" && e.data.message.seq === base + sends.length);
    expect(messageSeqs(stream)).toEqual(seqs);
    stream.close();

    const { rows } = await sql.query<{ n: number; transactions: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT xmin::text)::int AS transactions FROM "Message" WHERE "roomId" = $1 AND seq > $2`,
      [roomId, base],
    );
    expect(rows[0].n).toBe(sends.length);
    // Rows written by one transaction share its id (xmin): concurrent sends shared commits.
    expect(rows[0].transactions).toBeLessThan(sends.length);
  });

  it("keeps one sender's sequential messages in the order sent, and the sender's read marker follows", async () => {
    const alice = await person(a);
    const roomId = (await alice.json("POST", "/api/rooms", { name: "order" })).body.room.id as string;
    const got: number[] = [];
    for (let i = 0; i < 20; i++) got.push((await send(alice, roomId, `m${i}`)).body.message.seq);
    expect(got).toEqual([...got].sort((x, y) => x - y));
    const marker = async () =>
      (
        await sql.query(`SELECT "lastReadSeq" FROM "Participant" WHERE "roomId" = $1 AND "userId" = $2`, [
          roomId,
          alice.userId,
        ])
      ).rows[0].lastReadSeq;
    const deadline = Date.now() + 10_000;
    while ((await marker()) !== got.at(-1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await marker()).toBe(got.at(-1));
  });
});

describe("membership on the send path", () => {
  it("refuses a send on one instance right after the sender left through another, and accepts it again after a rejoin", async () => {
    const owner = await person(a);
    const bob = await person(a);
    const roomId = (await owner.json("POST", "/api/rooms", { name: "seats" })).body.room.id as string;
    await join(owner, roomId, bob);
    // Bob also signs in on B, where his sends make B remember his seat.
    const bobOnB = new ParleyClient(b.url);
    await bobOnB.signIn(bob.credentials);
    for (let i = 0; i < 3; i++) expect((await send(bobOnB, roomId, `before ${i}`)).status).toBe(201);

    expect((await bob.json("POST", `/api/rooms/${roomId}/leave`)).status).toBeLessThan(300);
    const refused = await send(bobOnB, roomId, "after leaving");
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe("not_found");

    await join(owner, roomId, bob);
    expect((await send(bobOnB, roomId, "back again")).status).toBe(201);
  });
});
