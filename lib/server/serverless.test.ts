import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { messageSeqs, openSse } from "@/scripts/lib/sse-client";
import { callTool, connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";

// Parley as Vercel runs it: instances of Next alone (no node:http preload), no LISTEN (a transaction pooler
// refuses it), so events cross instances by polling; and streams that end before the platform's maximum
// duration, for the client to resume elsewhere.
const SERVERLESS = {
  EVENT_BUS: "poll",
  EVENT_POLL_INTERVAL_MS: "100",
  SSE_MAX_SECONDS: "3",
  SSE_KEEPALIVE_SECONDS: "1",
  SEND_RATE_PER_MINUTE: "100000",
};

let a: AppServer;
let b: AppServer;
beforeAll(async () => {
  [a, b] = await Promise.all([startAppServer(SERVERLESS), startAppServer(SERVERLESS)]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

/** One person signed in on both instances (the same cookie secret: a session works on either). */
async function personOnBoth() {
  const user = uniqueUser("Vera");
  const onA = new ParleyClient(a.url);
  await onA.signUp(user);
  const onB = new ParleyClient(b.url);
  await onB.signIn(user);
  return { onA, onB };
}

describe("serverless shape: Next alone on two instances, EVENT_BUS=poll", () => {
  it("a stream ends by itself before the platform's limit and resumes on the other instance, nothing lost or repeated", async () => {
    const { onA, onB } = await personOnBoth();
    const roomId = (await onA.json("POST", "/api/rooms", { name: "serverless" })).body.room.id as string;
    const base = (await onA.json("GET", `/api/rooms/${roomId}`)).body.room.lastSeq as number;
    const last = base + 40;

    // Sends alternate between the instances while streams reach their lifetime.
    const sending = (async () => {
      for (let i = 0; i < 40; i++) {
        const via = i % 2 === 0 ? onA : onB;
        const sent = await via.json("POST", `/api/rooms/${roomId}/messages`, { body: `m${i}`, clientId: `c${i}` });
        expect(sent.status).toBe(201);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    // As a browser does: each stream that ends is resumed from its last id, on the other instance each time.
    const seqs: number[] = [];
    const endings: string[] = [];
    let lastId = base;
    for (let streams = 0; lastId < last; streams++) {
      expect(streams).toBeLessThan(20);
      const stream = await openSse(streams % 2 === 0 ? onA : onB, `/api/rooms/${roomId}/events`, {
        "last-event-id": String(lastId),
      });
      const sawLast = stream.waitFor((e) => e.event === "message" && e.data.message.seq === last, 30_000);
      await Promise.race([stream.closed, sawLast]);
      stream.close();
      sawLast.catch(() => {});
      const got = messageSeqs(stream);
      seqs.push(...got);
      if (got.length > 0) lastId = got[got.length - 1];
      endings.push(...stream.events.filter((e) => e.event === "reconnect").map((e) => e.data.reason));
    }
    await sending;
    expect(endings.length).toBeGreaterThan(0);
    expect(endings.every((reason) => reason === "lifetime")).toBe(true);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => base + 1 + i));
  });

  it("an agent waiting on one instance is woken by a person's message on the other", async () => {
    const { onA, onB } = await personOnBoth();
    const roomId = (await onA.json("POST", "/api/rooms", { name: "wake" })).body.room.id as string;
    const agent = await connectAgent(onA, roomId, "Waker");
    try {
      const waiting = callTool(agent.mcp, "get_pending_messages", { wait_seconds: 20 });
      await new Promise((r) => setTimeout(r, 500));
      const t0 = Date.now();
      expect((await onB.json("POST", `/api/rooms/${roomId}/messages`, { body: "are you there?" })).status).toBe(201);
      const { data } = await waiting;
      expect(data.messages.map((m: { body: string }) => m.body)).toEqual(["are you there?"]);
      // The poll interval and the quiet window, not the 20 s wait.
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      await agent.mcp.close().catch(() => {});
    }
  });
});
