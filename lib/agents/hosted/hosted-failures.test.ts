import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParleyClient } from "@/scripts/lib/parley-client";
import { openSse } from "@/scripts/lib/sse-client";
import type { AppServer } from "@/test/app-server";
import { DEFAULT_REPLY, type FakeAnthropic } from "@/test/fake-anthropic";
import { finalOf, hostedAgent, messagesOf, shownFinal, startHostedServer } from "@/test/hosted";
import { roomWith, signedUpPerson } from "@/test/people";

// Quiet, honest failures: one visible error per question, a pause with its reason after a few failures (or
// at once for one that will repeat), "working" only while a request runs.
let app: AppServer;
let fake: FakeAnthropic;
let stop: () => Promise<void>;
let admin: ParleyClient;

beforeAll(async () => {
  ({ app, fake, admin, stop } = await startHostedServer({ HOSTED_AGENT_MAX_RETRIES: "0", AGENT_LEASE_SECONDS: "30" }));
});
afterAll(async () => {
  await stop?.();
});

const person = (name: string) => signedUpPerson(app.url, name);
const send = async (client: ParleyClient, roomId: string, body: string) =>
  (await client.json("POST", `/api/rooms/${roomId}/messages`, { body })).body.message;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The agent as the room's participant list shows it. */
const participant = async (client: ParleyClient, roomId: string, name: string) =>
  (await client.json("GET", `/api/rooms/${roomId}`)).body.room.participants.find(
    (p: { name: string }) => p.name === name,
  );

/** Waits until the room's participants show the agent paused, and returns it then. */
async function pausedIn(client: ParleyClient, roomId: string, name: string) {
  for (let i = 0; i < 100; i++) {
    const p = await participant(client, roomId, name);
    if (p.paused) return p;
    await sleep(200);
  }
  throw new Error(`${name} was never paused`);
}

describe("a hosted agent that cannot reach the model", () => {
  it("shows one error per question, updated in place; after three failures in a row it pauses, and resuming answers in that message", async () => {
    const ann = await person("Ann");
    const roomId = await roomWith(ann, "overloaded");
    const { agentId, name } = await hostedAgent(ann, roomId);
    const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    fake.script.push(...Array.from({ length: 3 }, () => ({ kind: "error" as const, status: 529 })));
    const requests = fake.requests.length;
    await send(ann, roomId, "are you there?");

    const failed = await finalOf(stream, name);
    expect(failed.data.message).toMatchObject({ notice: true, draft: false });
    expect(failed.data.message.body).toBe(
      "⚠️ I couldn't answer: the Anthropic API answered 529 (Overloaded). I'll try again shortly.",
    );
    // Between tries nothing runs, and the room does not say it works on a reply.
    const stopped = await stream.waitFor((e) => e.event === "agent_working" && e.data.until === null);
    expect(stopped.data.name).toBe(name);

    const paused = await pausedIn(ann, roomId, name);
    expect(paused.paused).toBe("the Anthropic API answered 529 (Overloaded)");
    expect(paused.workingUntil).toBeNull();
    expect(fake.requests.length).toBe(requests + 3);
    // Three tries, one message: the notice was rewritten each time and now says it is paused. (The pause is
    // recorded just before the notice is rewritten, so the room may show it a moment before the notice.)
    await shownFinal(
      stream,
      failed.data.message.id,
      "⚠️ I couldn't answer: the Anthropic API answered 529 (Overloaded). I'm paused until my owner fixes this on the Agents page.",
    );
    const shown = messagesOf(stream.events, name);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ id: failed.data.message.id, notice: true, draft: false });
    const settings = (await ann.json("GET", `/api/agents/${agentId}/hosted`)).body.hosted;
    expect(settings.paused.reason).toBe("the Anthropic API answered 529 (Overloaded)");

    // Paused stays paused: no more requests.
    await sleep(3000);
    expect(fake.requests.length).toBe(requests + 3);

    // A notice is not a reply: it cannot be rated and the admin summary does not count it.
    expect((await ann.json("PUT", `/api/messages/${failed.data.message.id}/feedback`, { rating: "down" })).status).toBe(
      422,
    );
    const summary = (await admin.json("GET", "/api/admin/agents")).body.agents.find((a: any) => a.agent.id === agentId);
    expect(summary.messages).toBe(0);

    // Its owner resumes it: the question is answered, in the same message, as a reply.
    const resumed = await ann.json("POST", `/api/agents/${agentId}/hosted/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.hosted.paused).toBeNull();
    const answered = await shownFinal(stream, failed.data.message.id, DEFAULT_REPLY);
    expect(answered.data.message).toMatchObject({ notice: false, draft: false });
    expect(messagesOf(stream.events, name)).toHaveLength(1);
    expect((await participant(ann, roomId, name)).paused).toBeNull();
    stream.close();
  });

  it("pauses at once after one visible error when the API refuses its key, and says why in the room's participants", async () => {
    const ann = await person("Ann");
    const roomId = await roomWith(ann, "bad key");
    const key = "sk-ant-soon-revoked-123456";
    const { agentId, name } = await hostedAgent(ann, roomId, { apiKey: key });
    fake.refusedKeys.add(key);
    const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    const requests = fake.requests.length;
    await send(ann, roomId, "hello?");

    const failed = await finalOf(stream, name);
    expect(failed.data.message.body).toBe(
      "⚠️ I couldn't answer: the Anthropic API refused the API key. I'm paused until my owner fixes this on the Agents page.",
    );
    expect((await pausedIn(ann, roomId, name)).paused).toBe("the Anthropic API refused the API key");
    await send(ann, roomId, "still there?");
    await sleep(2000);
    expect(fake.requests.length).toBe(requests + 1);
    expect(messagesOf(stream.events, name)).toHaveLength(1);

    // Resuming checks the key again: still refused, still paused.
    const resumed = await ann.json("POST", `/api/agents/${agentId}/hosted/resume`);
    expect(resumed.status).toBe(422);
    expect(resumed.body.error.fields.apiKey).toBeDefined();
    stream.close();
  });

  it("pauses with a clear status, after one notice, when its model disappears", async () => {
    const ann = await person("Ann");
    const roomId = await roomWith(ann, "gone");
    fake.models.push({
      id: "claude-vanishing",
      display_name: "Claude Vanishing",
      created_at: "2025-06-01T00:00:00Z",
      line: null,
      lifecycle: "active",
    });
    const { agentId, name } = await hostedAgent(ann, roomId, { model: "claude-vanishing" });
    fake.models = fake.models.filter((m) => m.id !== "claude-vanishing");
    const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    await send(ann, roomId, "hi");
    const failed = await finalOf(stream, name);
    expect(failed.data.message.notice).toBe(true);
    const reason = "the model “claude-vanishing” is not available to this API key any more";
    expect((await pausedIn(ann, roomId, name)).paused).toBe(reason);
    expect((await ann.json("GET", `/api/agents/${agentId}/hosted`)).body.hosted.paused.reason).toBe(reason);

    // Picking another model is fixing the setting: the agent answers again, in that same message.
    expect(
      (await ann.json("PUT", `/api/agents/${agentId}/hosted`, { model: "claude-haiku-5-5", replyRule: "all" })).status,
    ).toBe(200);
    const answered = await shownFinal(stream, failed.data.message.id, DEFAULT_REPLY);
    expect(answered.data.message.notice).toBe(false);
    expect(fake.requests.at(-1)?.body.model).toBe("claude-haiku-5-5");
    stream.close();
  });
});
