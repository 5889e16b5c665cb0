import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParleyClient } from "@/scripts/lib/parley-client";
import { openSse, type SseStream } from "@/scripts/lib/sse-client";
import type { AppServer } from "@/test/app-server";
import { eventually } from "@/test/eventually";
import type { FakeAnthropic, Step } from "@/test/fake-anthropic";
import { finalOf, hostedAgent, shownOf, startHostedServer } from "@/test/hosted";
import { roomWith, signedUpPerson } from "@/test/people";

// The Messages API as it behaves now: stop reasons, thinking blocks, text between tool calls, prompt caching.
let app: AppServer;
let fake: FakeAnthropic;
let stop: () => Promise<void>;
let db: pg.Client;
let admin: ParleyClient;

beforeAll(async () => {
  ({ app, fake, admin, stop } = await startHostedServer({
    HOSTED_AGENT_DRAFT_INTERVAL_MS: "50",
    HOSTED_AGENT_MAX_RETRIES: "0",
    AGENT_LEASE_SECONDS: "4",
  }));
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await stop?.();
});

/** A room with a hosted agent, a stream on it, and one question answered along `steps`. */
async function ask(steps: Step[], question = "a question") {
  const ann = await signedUpPerson(app.url, "Ann");
  const roomId = await roomWith(ann, "api");
  const agent = await hostedAgent(ann, roomId);
  const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
  await stream.waitFor((e) => e.event === "ready");
  const firstRequest = fake.requests.length;
  fake.script.push(...steps);
  await ann.json("POST", `/api/rooms/${roomId}/messages`, { body: question });
  const final = await finalOf(stream, agent.name);
  return { ann, roomId, agent, stream, final, requests: () => fake.requests.slice(firstRequest) };
}

/** Whether the agent's seat acknowledged everything up to its reply. */
async function acknowledged(agentId: string, seq: number) {
  const { rows } = await db.query(`SELECT "lastReadSeq" FROM "Participant" WHERE "agentId" = $1`, [agentId]);
  return rows[0].lastReadSeq >= seq;
}

const everyBody = (stream: SseStream) =>
  stream.events
    .filter((e) => e.event === "message" || e.event === "message_changed")
    .map((e) => e.data.message.body as string);

describe("a hosted agent on the Messages API", () => {
  it("never shows thinking, streams text written between tool calls into the draft, and sends the thinking back with tool results", async () => {
    const { stream, final, requests } = await ask([
      {
        kind: "blocks",
        blocks: [
          { type: "thinking", thinking: "SECRET-PLAN: look at the metadata first" },
          { type: "text", text: "Let me check the room's metadata." },
          { type: "tool_use", name: "get_metadata", input: {} },
        ],
        stopReason: "tool_use",
        chunkDelayMs: 80,
      },
      {
        kind: "blocks",
        blocks: [
          { type: "text", text: "It is empty." },
          { type: "thinking", thinking: "SECRET-CHECK: anything else?" },
          { type: "text", text: "Nothing else to add." },
        ],
        stopReason: "end_turn",
        chunkDelayMs: 80,
      },
    ]);
    expect(final.data.message.body).toBe("Let me check the room's metadata.\n\nIt is empty.\n\nNothing else to add.");
    const shown = shownOf(stream.events, final.data.message.id);
    // Before the second request ended, the draft already showed the text written before the tool call.
    expect(
      shown.some(
        (m) => m.draft && m.body.startsWith("Let me check the room's metadata.") && !m.body.includes("Nothing"),
      ),
    ).toBe(true);
    expect(everyBody(stream).some((body) => body.includes("SECRET"))).toBe(false);

    const [, second] = requests();
    const assistant = second.body.messages[1];
    expect(assistant.role).toBe("assistant");
    expect(assistant.content[0]).toMatchObject({
      type: "thinking",
      thinking: "SECRET-PLAN: look at the metadata first",
      signature: "sig_fake",
    });
    expect(second.body.messages[2].content[0]).toMatchObject({ type: "tool_result" });
  });

  it("marks a reply cut off by max_tokens or by the context window, and acknowledges it", async () => {
    const length = await ask([{ kind: "text", text: "The first half of", stopReason: "max_tokens" }]);
    expect(length.final.data.message).toMatchObject({
      body: "The first half of\n\n_(reply cut off: it reached the length limit)_",
      notice: false,
    });
    const context = await ask([
      { kind: "text", text: "Too much to read", stopReason: "model_context_window_exceeded" },
    ]);
    expect(context.final.data.message.body).toBe(
      "Too much to read\n\n_(reply cut off: the conversation no longer fits the model's context window)_",
    );
    for (const { agent, final } of [length, context])
      await eventually(() => acknowledged(agent.agentId, final.data.message.replyToSeq), Boolean);
  });

  it("turns a refusal into a notice without the refused text, and does not try again", async () => {
    const { stream, final, agent, requests } = await ask([
      {
        kind: "text",
        text: "Sure, here is how to",
        stopReason: "refusal",
        explanation: "This request was declined by a safety classifier.",
      },
    ]);
    expect(final.data.message).toMatchObject({
      body: "⚠️ I can't answer this one: This request was declined by a safety classifier.",
      notice: true,
    });
    await new Promise((r) => setTimeout(r, 5000)); // past the lease
    expect(requests()).toHaveLength(1);
    expect(await acknowledged(agent.agentId, final.data.message.replyToSeq)).toBe(true);
    expect(shownOf(stream.events, final.data.message.id).at(-1)?.body).not.toContain("here is how");
  });

  it("sends a paused turn back as it is and carries on", async () => {
    const { final, requests } = await ask([
      { kind: "text", text: "Working on it,", stopReason: "pause_turn" },
      { kind: "text", text: "and done." },
    ]);
    expect(final.data.message.body).toBe("Working on it,\n\nand done.");
    const [first, second] = requests();
    expect(second.body.messages).toHaveLength(2);
    expect(second.body.messages[1]).toMatchObject({
      role: "assistant",
      content: [{ type: "text", text: "Working on it," }],
    });
    expect(first.body.messages).toHaveLength(1);
  });

  it("caches the system prompt and the tool definitions, and records and shows cache reads and writes", async () => {
    const { ann, agent, final, requests } = await ask([
      { kind: "text", text: "Cached.", usage: { input: 12, output: 3, cacheRead: 2000, cacheWrite: 150 } },
    ]);
    const [request] = requests();
    expect(request.body.system).toEqual([
      { type: "text", text: expect.any(String), cache_control: { type: "ephemeral" } },
    ]);
    expect(request.body.tools.at(-1).cache_control).toEqual({ type: "ephemeral" });
    expect(request.body.tools.slice(0, -1).every((t: { cache_control?: unknown }) => !t.cache_control)).toBe(true);
    // No sampling parameters: current models refuse non-default temperature, top_p and top_k.
    expect(request.body).not.toHaveProperty("temperature");
    expect(request.body).not.toHaveProperty("tool_choice");

    const { rows } = await db.query(
      `SELECT "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens" FROM "Message" WHERE id = $1`,
      [final.data.message.id],
    );
    expect(rows[0]).toEqual({ inputTokens: 12, outputTokens: 3, cacheReadTokens: 2000, cacheWriteTokens: 150 });
    const hosted = (await ann.json("GET", `/api/agents/${agent.agentId}/hosted`)).body.hosted;
    expect(hosted).toMatchObject({ tokensToday: 12 + 3 + 2000 + 150, cacheReadTokensToday: 2000 });
    const summary = (await admin.json("GET", "/api/admin/agents")).body.agents.find(
      (a: any) => a.agent.id === agent.agentId,
    );
    expect(summary.tokens).toEqual({ input: 12, output: 3, cacheRead: 2000, cacheWrite: 150 });
    expect(summary.messages).toBe(1);
  });

  it("takes no tool on its last round, with the same tools so the cache still holds", async () => {
    const tool = { kind: "tool" as const, name: "get_room_status", input: {} };
    const { final, requests } = await ask([tool, tool, tool, tool, { kind: "text", text: "Finally." }]);
    expect(final.data.message.body).toBe("Finally.");
    const sent = requests();
    expect(sent).toHaveLength(5);
    expect(sent[4].body.tool_choice).toEqual({ type: "none" });
    expect(sent[4].body.tools).toEqual(sent[0].body.tools);
  });
});
