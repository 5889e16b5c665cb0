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
    const first = await openSse(onA, `/api/rooms/${roomId}/events`);
    const ready = await first.waitFor((e) => e.event === "ready");
    const base = ready.data.lastSeq as number;

    // Sends alternate between the instances while the first stream reaches its lifetime.
    const sending = (async () => {
      for (let i = 0; i < 40; i++) {
        const via = i % 2 === 0 ? onA : onB;
        const sent = await via.json("POST", `/api/rooms/${roomId}/messages`, { body: `m${i}`, clientId: `c${i}` });
        expect(sent.status).toBe(201);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const cut = await first.waitFor((e) => e.event === "reconnect", 10_000);
    expect(cut.data.reason).toBe("lifetime");
    await first.closed;
    const seen = messageSeqs(first);
    expect(seen.length).toBeGreaterThan(0);

    const resumed = await openSse(onB, `/api/rooms/${roomId}/events`, { "last-event-id": String(seen[seen.length - 1]) });
    await sending;
    const last = base + 40;
    await resumed.waitFor((e) => e.event === "message" && e.data.message.seq === last, 10_000);
    resumed.close();
    expect([...seen, ...messageSeqs(resumed)]).toEqual(Array.from({ length: 40 }, (_, i) => base + 1 + i));
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
