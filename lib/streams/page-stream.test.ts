import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { messageSeqs, openSse } from "@/scripts/lib/sse-client";
import { agentWait, connectAgent } from "@/test/agents";
import { type AppServer, SERVER_SHAPES, startAppServer } from "@/test/app-server";
import { roomWith, signedUpPerson } from "@/test/people";

/** A GET through node:http, so that hop-by-hop headers (Connection) are seen as sent. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: new http.Agent({ keepAlive: true }) }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on("error", reject);
  });
}

/** A stream read through node:http, whose reading can be paused (the socket then stops taking data). */
function rawStream(url: string, cookie: string) {
  let text = "";
  const waiters = new Set<() => void>();
  let response: http.IncomingMessage | undefined;
  const ended = new Promise<string>((resolve, reject) => {
    http
      .get(url, { headers: { cookie, accept: "text/event-stream" } }, (res) => {
        response = res;
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
          for (const check of waiters) check();
        });
        res.on("end", () => resolve(text));
        res.on("error", () => resolve(text));
      })
      .on("error", reject);
  });
  return {
    ended,
    pause: () => response?.pause(),
    resume: () => response?.resume(),
    until(match: (text: string) => boolean, timeoutMs = 10_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`not seen within ${timeoutMs} ms: ${text.slice(-200)}`)),
          timeoutMs,
        );
        const check = () => {
          if (!match(text)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** The ids of the complete message frames in a stream's text. */
const messageIds = (text: string) =>
  text
    .split("\n\n")
    .filter((frame) => frame.includes("\nevent: message\n") && frame.includes("\ndata: "))
    .map((frame) => Number(/^id: (\d+)/.exec(frame)?.[1]));

const adminPerson = uniqueUser("Admin");
let adminSignedUp = false;

// The self-hosted server serves streams from node:http beside Next; Next alone serves the same routes.
describe.each(SERVER_SHAPES)("the page stream, $server", ({ nodeArgs, servedByNext }) => {
  let app: AppServer;
  let admin: ParleyClient;
  beforeAll(async () => {
    app = await startAppServer({ HEARTBEAT_INTERVAL_SECONDS: "1" }, undefined, nodeArgs);
    // The first person to sign up is the admin; both servers share this file's database.
    admin = new ParleyClient(app.url);
    if (adminSignedUp) await admin.signIn(adminPerson);
    else await admin.signUp(adminPerson);
    adminSignedUp = true;
  });
  afterAll(() => app?.stop());

  it("carries a room (resumed exactly), the activity across the person's rooms and, for admins, the heartbeat", async () => {
    const ann = await signedUpPerson(app.url, "Ann");
    const open = await roomWith(admin, "open", ann);
    const other = await roomWith(admin, "other", ann);
    const send = async (roomId: string, body: string) =>
      (await admin.json("POST", `/api/rooms/${roomId}/messages`, { body })).body.message.seq as number;
    const [, second, third] = [await send(open, "one"), await send(open, "two"), await send(open, "three")];

    // Next marks its route handlers' responses with `Vary: rsc, …`; the node:http stream server does not.
    const head = await ann.fetch(`/api/events?room=${open}&activity=1`);
    expect(head.status).toBe(200);
    expect(head.headers.get("vary")?.includes("rsc") ?? false).toBe(servedByNext);
    await head.body?.cancel();

    const stream = await openSse(ann, `/api/events?room=${open}&after=${second - 1}&activity=1`);
    await stream.waitFor((e) => e.event === "ready");
    expect(messageSeqs(stream)).toEqual([second, third]);
    await send(other, "elsewhere");
    const fourth = await send(open, "four");
    await stream.waitFor((e) => e.event === "message" && e.data.message.body === "four");
    await stream.waitFor((e) => e.event === "activity" && e.data.roomId === other);
    // Only the room's history carries ids: Last-Event-ID is the room's seq.
    expect(stream.events.filter((e) => e.id).map((e) => Number(e.id))).toEqual([second, third, fourth]);
    stream.close();

    const fifth = await send(open, "five");
    const resumed = await openSse(ann, `/api/events?room=${open}&after=0&activity=1`, {
      "last-event-id": String(fourth),
    });
    await resumed.waitFor((e) => e.event === "ready");
    expect(messageSeqs(resumed)).toEqual([fifth]);
    resumed.close();

    const system = await openSse(admin, "/api/events?admin=1&activity=1");
    const beat = await system.waitFor((e) => e.event === "heartbeat");
    expect(beat.data.server.instance).toBeTruthy();
    system.close();
  });

  it("refuses what the person may not follow", async () => {
    const ann = await signedUpPerson(app.url, "Ann");
    const theirs = await roomWith(admin, "not Ann's");
    expect((await new ParleyClient(app.url).fetch("/api/events?activity=1")).status).toBe(401);
    expect((await ann.fetch(`/api/events?room=${theirs}`)).status).toBe(404);
    expect((await ann.fetch("/api/events?admin=1")).status).toBe(403);
    expect((await ann.fetch("/api/events")).status).toBe(422);
    expect((await ann.fetch(`/api/rooms/${theirs}/events`)).status).toBe(404);
  });

  it("cuts off a reader that stopped reading once its queue is full; it resumes with nothing lost or repeated", async () => {
    const server = await startAppServer(
      { SSE_MAX_QUEUE: "20", SSE_KEEPALIVE_SECONDS: "1", SEND_RATE_PER_MINUTE: "100000" },
      undefined,
      nodeArgs,
    );
    try {
      const owner = await signedUpPerson(server.url, "Owner");
      const roomId = await roomWith(owner, "firehose");
      const stalled = await rawStream(`${server.url}/api/rooms/${roomId}/events`, owner.cookieHeader());
      await stalled.until((text) => text.includes("event: ready"));
      // An idle stream hears a keep-alive comment every SSE_KEEPALIVE_SECONDS.
      await stalled.until((text) => text.includes(": keep-alive"));
      stalled.pause();
      // Far more than the socket buffers hold (about 4 MB over loopback here): the server's queue fills,
      // and the stream is cut off.
      const body = "x".repeat(9_000);
      let last = 0;
      for (let batch = 0; batch < 16; batch++) {
        const sent = await Promise.all(
          Array.from({ length: 50 }, () => owner.json("POST", `/api/rooms/${roomId}/messages`, { body })),
        );
        last = Math.max(last, ...sent.map((r) => r.body.message.seq as number));
      }
      stalled.resume();
      const received = messageIds(await stalled.ended);
      expect(received.length).toBeGreaterThan(0);
      expect(received.at(-1)).toBeLessThan(last);
      expect(received).toEqual(Array.from({ length: received.length }, (_, i) => i + 1));

      const resumed = await openSse(owner, `/api/rooms/${roomId}/events`, { "last-event-id": String(received.at(-1)) });
      await resumed.waitFor((e) => e.event === "ready", 30_000);
      expect([...received, ...messageSeqs(resumed)]).toEqual(Array.from({ length: last }, (_, i) => i + 1));
      resumed.close();
    } finally {
      await server.stop();
    }
  }, 120_000);

  it("while shutting down, answers with Connection: close", async () => {
    const server = await startAppServer({ SHUTDOWN_GRACE_SECONDS: "5" }, undefined, nodeArgs);
    try {
      const owner = await signedUpPerson(server.url, "Owner");
      const roomId = await roomWith(owner, "closing");
      const agent = await connectAgent(owner, roomId);
      // A request in flight when the signal comes: a held agent poll, answered at once on shutdown.
      const before = await agentWait(agent.agentId, () => true);
      const poll = rawGet(`${server.url}/api/agent/pending?room_id=${roomId}&wait_seconds=20`, {
        authorization: `Bearer ${agent.token}`,
      });
      await agentWait(agent.agentId, (wait) => wait.generation > before.generation);
      server.process.kill("SIGTERM");
      const answered = await poll;
      expect(answered.status).toBe(200);
      expect(answered.headers.connection).toBe("close");
      await agent.mcp.close().catch(() => {});
    } finally {
      await server.stop();
    }
  });
});

describe("the bare benchmark route", () => {
  it("answers 404 unless the server was started with BENCH_ROUTES=1", async () => {
    const plain = await startAppServer();
    try {
      const created = await fetch(`${plain.url}/api/bench/rooms`, { method: "POST" });
      expect(created.status).toBe(404);
      expect((await fetch(`${plain.url}/api/bench/rooms/x/events`)).status).toBe(404);
      expect((await fetch(`${plain.url}/api/bench/rooms/x/messages`, { method: "POST", body: "{}" })).status).toBe(404);
    } finally {
      await plain.stop();
    }
    const bench = await startAppServer({ BENCH_ROUTES: "1" });
    try {
      const created = await fetch(`${bench.url}/api/bench/rooms`, { method: "POST" });
      expect(created.status).toBe(201);
      const { room } = await created.json();
      const client = new ParleyClient(bench.url);
      const stream = await openSse(client, `/api/bench/rooms/${room.id}/events`);
      await stream.waitFor((e) => e.event === "ready");
      const sent = await fetch(`${bench.url}/api/bench/rooms/${room.id}/messages`, {
        method: "POST",
        body: JSON.stringify({ body: "hi" }),
      });
      expect(sent.status).toBe(201);
      const event = await stream.waitFor((e) => e.event === "message");
      expect(event.data.message).toMatchObject({ seq: 1, body: "hi" });
      stream.close();
    } finally {
      await bench.stop();
    }
  });
});
