import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { openSse, type SseEvent } from "@/scripts/lib/sse-client";
import { callTool, connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";
import { DEFAULT_REPLY, type FakeAnthropic, startFakeAnthropic } from "@/test/fake-anthropic";
import { roomWith, signedUpPerson } from "@/test/people";

let app: AppServer;
let fake: FakeAnthropic;
let db: pg.Client;
const SERVER_KEY = "sk-ant-server-key-for-tests";

beforeAll(async () => {
  fake = await startFakeAnthropic();
  app = await startAppServer({
    ANTHROPIC_BASE_URL: fake.url,
    ANTHROPIC_API_KEY: SERVER_KEY,
    HOSTED_AGENT_CHECK_SECONDS: "0.3",
    HOSTED_AGENT_DRAFT_INTERVAL_MS: "100",
    HOSTED_AGENT_MAX_RETRIES: "1",
    AGENT_QUIET_MULTI_MS: "100",
    AGENT_QUIET_SINGLE_MS: "50",
    AGENT_LEASE_SECONDS: "4",
  });
  await new ParleyClient(app.url).signUp(uniqueUser("Admin"));
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await app?.stop();
  await fake?.close();
});

const person = (name: string) => signedUpPerson(app.url, name);
const send = async (client: ParleyClient, roomId: string, body: string) =>
  (await client.json("POST", `/api/rooms/${roomId}/messages`, { body })).body.message;

/** An agent of `owner`'s in the room, made hosted with `settings`. */
async function hostedAgent(owner: ParleyClient, roomId: string, settings: Record<string, unknown> = {}) {
  const name = `Claude${Math.random().toString(36).slice(2, 6)}`;
  const agentId = (await owner.json("POST", "/api/agents", { name })).body.agent.id as string;
  await owner.json("POST", `/api/rooms/${roomId}/participants`, { agentId });
  const res = await owner.json("PUT", `/api/agents/${agentId}/hosted`, {
    model: "claude-test",
    replyRule: "all",
    ...settings,
  });
  expect(res.status).toBe(200);
  return { agentId, name, hosted: res.body.hosted };
}

/** The agent's messages on a stream, as they were shown (draft or final), in order. */
const agentShows = (events: SseEvent[], messageId: string) =>
  events
    .filter((e) => (e.event === "message" || e.event === "message_changed") && e.data.message.id === messageId)
    .map((e) => e.data.message as { body: string; draft: boolean });

const finalOf = (
  stream: { waitFor: (m: (e: SseEvent) => boolean, t?: number) => Promise<SseEvent> },
  senderName: string,
) =>
  stream.waitFor(
    (e) =>
      (e.event === "message" || e.event === "message_changed") &&
      e.data.message.sender.name === senderName &&
      e.data.message.kind === "text" &&
      !e.data.message.draft &&
      e.data.message.body !== "",
    30_000,
  );

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
    });

    expect((await ann.json("PUT", `/api/agents/${agentId}/hosted`, { model: "" })).status).toBe(422);
    expect((await ann.json("PUT", `/api/agents/${agentId}/hosted`, { model: "m", dailyTokenBudget: -1 })).status).toBe(
      422,
    );
    expect((await ann.json("PUT", `/api/agents/${agentId}/hosted`, { model: "m", apiKey: "x" })).status).toBe(422);
    expect((await eve.json("GET", `/api/agents/${agentId}/hosted`)).status).toBe(404);
    expect((await eve.json("PUT", `/api/agents/${agentId}/hosted`, { model: "m" })).status).toBe(404);
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
  it("streams its reply as a draft into another person's stream; the final message carries usage; agents never read the draft", async () => {
    const ann = await person("Ann");
    const ben = await person("Ben");
    const roomId = await roomWith(ann, "stream", ben);
    const words = "one two three four five six seven eight nine ten";
    fake.script.push({ kind: "text", text: words, chunkDelayMs: 150, usage: { input: 40, output: 12 } });
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
    const shown = agentShows(stream.events, draft.data.message.id);
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
    expect(request.body.system).toContain(name);

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

  it("stops when someone presses Stop, keeping what was written; only members may stop, and only a draft", async () => {
    const ann = await person("Ann");
    const ben = await person("Ben");
    const eve = await person("Eve");
    const roomId = await roomWith(ann, "stop", ben);
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    fake.script.push({ kind: "text", text: long, chunkDelayMs: 150 });
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

    // Stopped counts as answered: the messages are not handed out again.
    const requests = fake.requests.length;
    await new Promise((r) => setTimeout(r, 6000));
    expect(fake.requests.length).toBe(requests);
    stream.close();
  });

  it("shows an API error in the room, then tries again once the lease runs out", async () => {
    const ann = await person("Ann");
    const roomId = await roomWith(ann, "errors");
    // Two failures use up the one retry the server allows per answer.
    fake.script.push({ kind: "error", status: 529 }, { kind: "error", status: 529 });
    const { agentId, name } = await hostedAgent(ann, roomId);
    const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    await send(ann, roomId, "are you there?");

    const failed = await finalOf(stream, name);
    expect(failed.data.message.body).toContain("I couldn't answer: the model API answered 529 (Overloaded)");
    const settings = (await ann.json("GET", `/api/agents/${agentId}/hosted`)).body.hosted;
    expect(settings.lastError).toContain("529");

    const retried = await stream.waitFor(
      (e) =>
        e.event === "message_changed" &&
        e.data.message.sender.name === name &&
        !e.data.message.draft &&
        e.data.message.body === DEFAULT_REPLY,
      40_000,
    );
    expect(retried.data.message.id).not.toBe(failed.data.message.id);
    stream.close();
  });

  it("says so in the room, once a day, when its daily token budget is spent, instead of answering", async () => {
    const ann = await person("Ann");
    const roomId = await roomWith(ann, "budget");
    fake.script.push({ kind: "text", text: "first answer", usage: { input: 30, output: 10 } });
    const { name } = await hostedAgent(ann, roomId, { dailyTokenBudget: 20 });
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
    expect(notice.data.message.draft).toBe(false);
    await send(ann, roomId, "third question");
    await new Promise((r) => setTimeout(r, 3000));
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
