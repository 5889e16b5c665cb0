import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient } from "@/scripts/lib/parley-client";
import { openSse } from "@/scripts/lib/sse-client";
import { callTool, connectAgent } from "@/test/agents";
import type { AppServer } from "@/test/app-server";
import type { FakeAnthropic } from "@/test/fake-anthropic";
import { png, upload } from "@/test/files";
import { finalOf, hostedAgent, SERVER_KEY, shownOf, startHostedServer } from "@/test/hosted";
import { roomWith, signedUpPerson } from "@/test/people";

let app: AppServer;
let fake: FakeAnthropic;
let stop: () => Promise<void>;
let db: pg.Client;

beforeAll(async () => {
  ({ app, fake, stop } = await startHostedServer({ HOSTED_AGENT_MAX_RETRIES: "1", AGENT_LEASE_SECONDS: "4" }));
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await stop?.();
});

const person = (name: string) => signedUpPerson(app.url, name);
const send = async (client: ParleyClient, roomId: string, body: string) =>
  (await client.json("POST", `/api/rooms/${roomId}/messages`, { body })).body.message;

describe("hosted agent settings", () => {
  it("are the owner's alone, validated, and never give the key back; an agent key is sealed at rest", async () => {
    const ann = await person("Ann");
    const eve = await person("Eve");
    const roomId = await roomWith(ann, "settings");
    const { agentId, hosted } = await hostedAgent(ann, roomId, { enabled: false });
    expect(hosted).toMatchObject({
      model: "claude-test",
      replyRule: "all",
      key: "server",
      enabled: false,
      tokensToday: 0,
      paused: null,
    });

    expect((await ann.json("PUT", `/api/agents/${agentId}/hosted`, { model: "" })).status).toBe(422);
    expect((await ann.json("PUT", `/api/agents/${agentId}/hosted`, { model: "m", dailyTokenBudget: -1 })).status).toBe(
      422,
    );
    expect((await ann.json("PUT", `/api/agents/${agentId}/hosted`, { model: "m", apiKey: "x" })).status).toBe(422);
    expect((await eve.json("GET", `/api/agents/${agentId}/hosted`)).status).toBe(404);
    expect((await eve.json("PUT", `/api/agents/${agentId}/hosted`, { model: "m" })).status).toBe(404);
    expect((await eve.json("GET", `/api/agents/${agentId}/hosted/models`)).status).toBe(404);
    expect((await new ParleyClient(app.url).json("GET", `/api/agents/${agentId}/hosted`)).status).toBe(401);

    const ownKey = "sk-ant-agent-own-key-123456";
    const saved = await ann.json("PUT", `/api/agents/${agentId}/hosted`, {
      model: "claude-test",
      apiKey: ownKey,
      enabled: false,
    });
    expect(saved.body.hosted.key).toBe("agent");
    expect(JSON.stringify(saved.body)).not.toContain(ownKey);
    expect(JSON.stringify((await ann.json("GET", `/api/agents/${agentId}/hosted`)).body)).not.toContain(ownKey);
    const { rows } = await db.query(`SELECT "sealedApiKey" FROM "HostedAgent" WHERE "agentId" = $1`, [agentId]);
    expect(rows[0].sealedApiKey).toMatch(/^v1\./);
    expect(rows[0].sealedApiKey).not.toContain(ownKey);

    expect((await ann.json("DELETE", `/api/agents/${agentId}/hosted`)).body).toEqual({ hosted: null });
    expect((await ann.json("GET", `/api/agents/${agentId}/hosted`)).body).toEqual({ hosted: null });
  });
});

describe("a hosted agent", () => {
  it("takes no token while hosted (that would be a second loop behind it), and one once hosting stops", async () => {
    const ann = await person("Ann");
    const roomId = await roomWith(ann, "tokens");
    const { agentId } = await hostedAgent(ann, roomId, { enabled: false });
    const refused = await ann.json("POST", `/api/agents/${agentId}/tokens`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("stop hosting");
    expect((await ann.json("DELETE", `/api/agents/${agentId}/hosted`)).status).toBe(200);
    expect((await ann.json("POST", `/api/agents/${agentId}/tokens`)).status).toBe(201);
  });

  it("streams its reply as a draft into another person's stream; the final message carries usage; agents never read the draft", async () => {
    const ann = await person("Ann");
    const ben = await person("Ben");
    const roomId = await roomWith(ann, "stream", ben);
    const words = "one two three four five six seven eight nine ten";
    // The first word is held long enough for the reader's MCP round trip to happen mid-stream.
    fake.script.push({
      kind: "text",
      text: words,
      chunkDelayMs: 150,
      holdAfterFirstMs: 3000,
      usage: { input: 40, output: 12 },
    });
    const { name } = await hostedAgent(ann, roomId);
    const reader = await connectAgent(ann, roomId, "Reader");
    const stream = await openSse(ben, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    const requestsBefore = fake.requests.length;

    await send(ann, roomId, "hello there");
    const draft = await stream.waitFor(
      (e) => e.event === "message" && e.data.message.sender.name === name && e.data.message.kind === "text",
    );
    expect(draft.data.message).toMatchObject({ draft: true, body: "" });
    // Mid-stream, an agent reading the room sees no draft.
    await stream.waitFor(
      (e) => e.event === "message_changed" && e.data.message.id === draft.data.message.id && e.data.message.body !== "",
    );
    const history = await callTool(reader.mcp, "get_history", { room_id: roomId });
    expect(history.data.messages.map((m: { id: string }) => m.id)).not.toContain(draft.data.message.id);

    const final = await finalOf(stream, name);
    expect(final.data.message).toMatchObject({ id: draft.data.message.id, body: words, draft: false, editedAt: null });
    const shown = shownOf(stream.events, draft.data.message.id);
    const partial = shown.filter((m) => m.draft && m.body !== "" && m.body !== words);
    expect(partial.length).toBeGreaterThanOrEqual(2);
    for (const m of partial) expect(words.startsWith(m.body.trimEnd())).toBe(true);

    const { rows } = await db.query(
      `SELECT "inputTokens", "outputTokens", model, "latencyMs" FROM "Message" WHERE id = $1`,
      [draft.data.message.id],
    );
    expect(rows[0]).toMatchObject({ inputTokens: 40, outputTokens: 12, model: "claude-test" });
    expect(rows[0].latencyMs).toBeGreaterThan(0);

    const request = fake.requests[requestsBefore];
    expect(request.apiKey).toBe(SERVER_KEY);
    expect(request.body).toMatchObject({ model: "claude-test", stream: true });
    expect(JSON.stringify(request.body.messages)).toContain("Ann: hello there");
    expect(request.body.system[0].text).toContain(name);

    // Final now: readers see it, and a person who resumes from before the reply gets it as it is.
    const after = await callTool(reader.mcp, "get_history", { room_id: roomId });
    expect(after.data.messages.at(-1)).toMatchObject({ id: draft.data.message.id, body: words });
    const resumed = await openSse(ben, `/api/rooms/${roomId}/events`, {
      "last-event-id": String(draft.data.message.seq - 1),
    });
    await finalOf(resumed, name);
    resumed.close();
    stream.close();
    await reader.mcp.close();
  });

  it("leaves only its message and one change in the room's history once final, and streams still resume exactly", async () => {
    const ann = await person("Ann");
    const ben = await person("Ben");
    const roomId = await roomWith(ann, "rows", ben);
    const words = Array.from({ length: 24 }, (_, i) => `w${i}`).join(" ");
    fake.script.push({ kind: "text", text: words, chunkDelayMs: 60 });
    const { name } = await hostedAgent(ann, roomId);
    const live = await openSse(ben, `/api/rooms/${roomId}/events`);
    await live.waitFor((e) => e.event === "ready");
    const question = await send(ann, roomId, "count for me");
    const growing = await live.waitFor(
      (e) => e.event === "message_changed" && e.data.message.sender.name === name && e.data.message.body.includes("w3"),
      20_000,
    );
    // Ben speaks while the reply streams: his message must survive every resume below.
    const aside = await send(ben, roomId, "meanwhile, coffee?");
    const final = await finalOf(live, name);
    const replyId = final.data.message.id;
    expect(shownOf(live.events, replyId).length).toBeGreaterThan(4);

    const { rows } = await db.query(`SELECT seq FROM "MessageChange" WHERE "messageId" = $1`, [replyId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].seq).toBe(final.data.seq);

    /** A stream resumed after `seq`, read up to its ready event. */
    const resumeAfter = async (seq: number) => {
      const stream = await openSse(ben, `/api/rooms/${roomId}/events`, { "last-event-id": String(seq) });
      await stream.waitFor((e) => e.event === "ready");
      stream.close();
      return stream.events.filter((e) => e.event === "message" || e.event === "message_changed");
    };
    // From before the question: every message once, the reply as one message and one change.
    const fromStart = await resumeAfter(question.seq - 1);
    expect(fromStart.filter((e) => e.data.message.id === replyId).map((e) => e.event)).toEqual([
      "message",
      "message_changed",
    ]);
    expect(fromStart.map((e) => e.data.message.id)).toEqual(expect.arrayContaining([question.id, aside.id]));
    // From a change seen while it grew (now gone from the history): the final change, and what came after.
    const fromMiddle = await resumeAfter(Number(growing.id));
    expect(fromMiddle.filter((e) => e.data.message.id === replyId).map((e) => e.event)).toEqual(["message_changed"]);
    expect(fromMiddle.filter((e) => e.data.message.id === replyId).at(-1)?.data.message).toMatchObject({
      body: words,
      draft: false,
    });
    expect(fromMiddle.some((e) => e.data.message.id === aside.id)).toBe(aside.seq > Number(growing.id));
    live.close();
  });

  it("stops when someone presses Stop, keeping what was written and recording what it cost; only members may stop, and only a draft", async () => {
    const ann = await person("Ann");
    const ben = await person("Ben");
    const eve = await person("Eve");
    const roomId = await roomWith(ann, "stop", ben);
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    fake.script.push({
      kind: "text",
      text: long,
      chunkDelayMs: 150,
      usage: { input: 321, output: 999, cacheRead: 50 },
    });
    const { name } = await hostedAgent(ann, roomId);
    const stream = await openSse(ben, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    await send(ann, roomId, "tell me everything");
    const draft = await stream.waitFor(
      (e) =>
        e.event === "message_changed" && e.data.message.sender.name === name && e.data.message.body.includes("word2"),
      20_000,
    );
    const messageId = draft.data.message.id;
    expect((await eve.json("POST", `/api/messages/${messageId}/stop`)).status).toBe(404);
    expect((await ben.json("POST", `/api/messages/${messageId}/stop`)).status).toBe(202);

    const final = await finalOf(stream, name);
    expect(final.data.message.id).toBe(messageId);
    expect(final.data.message.body.length).toBeGreaterThan(0);
    expect(long.startsWith(final.data.message.body)).toBe(true);
    expect(final.data.message.body).not.toBe(long);
    expect((await ben.json("POST", `/api/messages/${messageId}/stop`)).status).toBe(409);

    // The API bills the input (message_start said 321, and 50 read from the cache) and the output written so far.
    const { rows } = await db.query(
      `SELECT "inputTokens", "outputTokens", "cacheReadTokens", model FROM "Message" WHERE id = $1`,
      [messageId],
    );
    expect(rows[0]).toMatchObject({ inputTokens: 321, cacheReadTokens: 50, model: "claude-test" });
    expect(rows[0].outputTokens).toBeGreaterThanOrEqual(Math.ceil(final.data.message.body.length / 4));
    expect(rows[0].outputTokens).toBeLessThan(999);

    // Stopped counts as answered: the messages are not handed out again.
    const requests = fake.requests.length;
    await new Promise((r) => setTimeout(r, 6000));
    expect(fake.requests.length).toBe(requests);
    stream.close();
  });

  it("says so once a day per room when its daily token budget is spent, acknowledging every question meanwhile", async () => {
    const ann = await person("Ann");
    const roomId = await roomWith(ann, "budget");
    fake.script.push({ kind: "text", text: "first answer", usage: { input: 30, output: 10 } });
    const { agentId, name } = await hostedAgent(ann, roomId, { dailyTokenBudget: 1 });
    const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    await send(ann, roomId, "first question");
    await finalOf(stream, name);
    const requests = fake.requests.length;

    await send(ann, roomId, "second question");
    const notice = await stream.waitFor(
      (e) =>
        e.event === "message" && e.data.message.sender.name === name && e.data.message.body.includes("token budget"),
      20_000,
    );
    expect(notice.data.message).toMatchObject({ draft: false, notice: true });
    expect(notice.data.message.body).toContain("(1 token)");
    // A notice is not a reply: nobody rates it.
    expect((await ann.json("PUT", `/api/messages/${notice.data.message.id}/feedback`, { rating: "up" })).status).toBe(
      422,
    );

    // The second over-budget question of the day is acknowledged too (the notice is not repeated): it is not
    // handed out again at every lease, and "working" does not come back for it.
    const third = await send(ann, roomId, "third question");
    const cursorPast = async () =>
      (await db.query(`SELECT "lastReadSeq" FROM "Participant" WHERE "agentId" = $1`, [agentId])).rows[0].lastReadSeq >=
      third.seq;
    for (let i = 0; i < 50 && !(await cursorPast()); i++) await new Promise((r) => setTimeout(r, 200));
    expect(await cursorPast()).toBe(true);
    // The acknowledgement ends "working" on the room's stream: count from there, when nothing is in flight.
    await stream.waitFor((e) => e.event === "message" && e.data.message.id === third.id);
    const thirdAt = stream.events.findIndex((e) => e.event === "message" && e.data.message.id === third.id);
    await stream.waitFor(
      (e) => e.event === "agent_working" && e.data.until === null && stream.events.indexOf(e) > thirdAt,
    );
    const workingBefore = stream.events.filter((e) => e.event === "agent_working" && e.data.until !== null).length;
    await new Promise((r) => setTimeout(r, 5000)); // past the 4 s lease
    expect(stream.events.filter((e) => e.event === "agent_working" && e.data.until !== null).length).toBe(
      workingBefore,
    );
    const notices = stream.events.filter((e) => e.event === "message" && e.data.message.body.includes("token budget"));
    expect(notices).toHaveLength(1);
    expect(fake.requests.length).toBe(requests);
    stream.close();
  });

  it("uses the agent API as tools: updates the room's metadata, then answers", async () => {
    const ann = await person("Ann");
    const roomId = await roomWith(ann, "tools");
    fake.script.push(
      { kind: "tool", name: "update_metadata", input: { set: { status: "triaged" } } },
      { kind: "text", text: "Marked it triaged." },
    );
    const { name } = await hostedAgent(ann, roomId);
    const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    const before = fake.requests.length;
    await send(ann, roomId, "please triage this");
    const final = await finalOf(stream, name);
    expect(final.data.message.body).toBe("Marked it triaged.");
    const metadata = await ann.json("GET", `/api/rooms/${roomId}/metadata`);
    expect(metadata.body.metadata).toMatchObject({ status: "triaged" });
    const followUp = fake.requests[before + 1].body.messages.at(-1).content[0];
    expect(followUp).toMatchObject({ type: "tool_result", is_error: false });
    expect(followUp.content).toContain("triaged");
    expect(fake.requests[before].body.tools.map((t: { name: string }) => t.name)).toContain("get_history");
    stream.close();
  });
});

describe("the reply rule", () => {
  it("sees the files of the question: an image as an image block, a text file as text", async () => {
    const ann = await person("Ann");
    const roomId = await roomWith(ann, "files");
    const { name } = await hostedAgent(ann, roomId);
    const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    const image = await png(40, 30, "#ff0000");
    const shot = (await upload(ann, roomId, "screen.png", image, "image/png")).body.attachment;
    const log = (await upload(ann, roomId, "build.log", new TextEncoder().encode("error: disk full\n"), "text/plain"))
      .body.attachment;
    const requestsBefore = fake.requests.length;

    await ann.json("POST", `/api/rooms/${roomId}/messages`, {
      body: "why does it fail?",
      attachmentIds: [shot.id, log.id],
    });
    await finalOf(stream, name);

    const content = fake.requests[requestsBefore].body.messages[0].content as {
      type: string;
      text?: string;
      source?: { data: string; media_type: string };
    }[];
    expect(content[0].text).toContain("why does it fail? (files: screen.png, build.log)");
    const images = content.filter((b) => b.type === "image");
    expect(images).toHaveLength(1);
    expect(images[0].source).toMatchObject({ media_type: "image/png", data: image.toString("base64") });
    expect(
      content.some((b) => b.type === "text" && b.text?.includes("build.log") && b.text.includes("error: disk full")),
    ).toBe(true);
    stream.close();
  });

  it("set to mentions on the hosted form, the agent answers only when @mentioned", async () => {
    const ann = await person("Ann");
    const roomId = await roomWith(ann, "mentions");
    const { name } = await hostedAgent(ann, roomId, { replyRule: "mentions" });
    const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    const requests = fake.requests.length;
    await send(ann, roomId, "just talking to myself");
    await new Promise((r) => setTimeout(r, 2500));
    expect(fake.requests.length).toBe(requests);
    await send(ann, roomId, `@${name} now you`);
    await finalOf(stream, name);
    expect(fake.requests.length).toBe(requests + 1);
    stream.close();
  });
});
