import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParleyClient } from "@/scripts/lib/parley-client";
import { type AppServer, SERVER_SHAPES, startAppServer } from "@/test/app-server";
import { roomWith, signedUpPerson } from "@/test/people";

// The self-hosted server serves a person's send straight from node:http beside Next
// (scripts/node-server.cjs); Next alone (Vercel, a bare standalone server) serves the same route handler.
// Every answer must be the same from both.
const SEND_RATE_PER_MINUTE = 8;
const SEND_BURST = 10; // a quarter of the minute's budget, at least 10 (lib/platform/rate-limit.ts)

/** A POST through node:http whose body goes out in chunks, with no Content-Length. */
function chunkedPost(url: string, headers: Record<string, string>, chunks: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe.each(SERVER_SHAPES)("a person's send, $server", ({ nodeArgs, servedByNext }) => {
  let app: AppServer;
  let owner: ParleyClient;
  let roomId: string;
  const messagesOf = (room: string) => `/api/rooms/${room}/messages`;

  beforeAll(async () => {
    app = await startAppServer({ SEND_RATE_PER_MINUTE: String(SEND_RATE_PER_MINUTE) }, undefined, nodeArgs);
    owner = await signedUpPerson(app.url, "Owner");
    roomId = (await owner.json("POST", "/api/rooms", { name: "sends" })).body.room.id;
  });
  afterAll(() => app?.stop());

  it("commits once per client id and answers 201, then 200 for the retry", async () => {
    const ann = await signedUpPerson(app.url, "Ann");
    const room = await roomWith(owner, "Ann's", ann);
    const first = await ann.json("POST", messagesOf(room), { body: "hello", clientId: "c-1" });
    expect(first.status).toBe(201);
    // Next marks its route handlers' responses with `Vary: rsc, …`; node:http does not.
    expect(first.headers.get("vary")?.includes("rsc") ?? false).toBe(servedByNext);
    expect(first.headers.get("x-request-id")).toBeTruthy();
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    const { seq } = first.body.message;
    expect(first.body.message).toMatchObject({ body: "hello", clientId: "c-1", sender: { kind: "user", name: "Ann" } });

    const retry = await ann.json("POST", messagesOf(room), { body: "hello", clientId: "c-1" });
    expect(retry.status).toBe(200);
    expect(retry.body.message.seq).toBe(seq);
    const second = await ann.json("POST", messagesOf(room), { body: "again" });
    expect([second.status, second.body.message.seq]).toEqual([201, seq + 1]);
    const history = await ann.json("GET", `${messagesOf(room)}?after=${seq - 1}`);
    expect(history.body.messages.map((m: { body: string }) => m.body)).toEqual(["hello", "again"]);
  });

  it("refuses bad input, strangers, cross-site requests and a signed-out session", async () => {
    const ann = await signedUpPerson(app.url, "Ann");
    const room = await roomWith(owner, "Ann's", ann);
    const cookie = ann.cookieHeader();
    const before = (await owner.json("GET", messagesOf(room))).body.messages;
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${app.url}${messagesOf(room)}`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", origin: app.url, ...headers },
        body,
      });

    const invalid = await ann.json("POST", messagesOf(room), { body: "" });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe("unprocessable");
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ body: "x".repeat(70_000) }))).status).toBe(413);
    // Without Content-Length the body is read only up to the limit.
    const chunk = "x".repeat(16_384);
    const chunks = ['{"body":"', chunk, chunk, chunk, chunk, chunk, '"}'];
    expect(await chunkedPost(`${app.url}${messagesOf(room)}`, { cookie, "content-type": "application/json" }, chunks)).toBe(
      413,
    );
    expect((await post(JSON.stringify({ body: "hi" }), { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await ann.json("POST", messagesOf(roomId), { body: "let me in" })).status).toBe(404);

    // The session is read on every send: once signed out, its cookie sends nothing.
    await ann.signOut();
    expect((await post(JSON.stringify({ body: "after sign-out" }))).status).toBe(401);
    // Nothing refused was committed.
    expect((await owner.json("GET", messagesOf(room))).body.messages).toEqual(before);
  });

  it("answers 429 with Retry-After once a person's sends are used up", async () => {
    const bea = await signedUpPerson(app.url, "Bea");
    const room = await roomWith(owner, "Bea's", bea);
    const statuses: number[] = [];
    let refused: { body: { error: { code: string } }; headers: Headers } | undefined;
    for (let i = 0; i <= SEND_BURST; i++) {
      const res = await bea.json("POST", messagesOf(room), { body: `m${i}` });
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses).toEqual([...Array(SEND_BURST).fill(201), 429]);
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused?.body.error.code).toBe("rate_limited");
  });
});
