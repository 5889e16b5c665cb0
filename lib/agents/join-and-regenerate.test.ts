import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParleyClient } from "@/scripts/lib/parley-client";
import { openSse } from "@/scripts/lib/sse-client";
import { callTool, connectAgent } from "@/test/agents";
import type { AppServer } from "@/test/app-server";
import { DEFAULT_REPLY, type FakeAnthropic } from "@/test/fake-anthropic";
import { finalOf, hostedAgent, startHostedServer } from "@/test/hosted";
import { roomWith, signedUpPerson } from "@/test/people";

// Two rules every agent follows alike (MCP client, REST mirror, hosted): it is handed only what was said after
// it joined, and "Answer again" makes a question pending once more for the agent that answered it.
let app: AppServer;
let fake: FakeAnthropic;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ app, fake, stop } = await startHostedServer({ AGENT_CONTEXT_MESSAGES: "5", SEND_RATE_PER_MINUTE: "10000" }));
});
afterAll(async () => {
  await stop?.();
});

const person = (name: string) => signedUpPerson(app.url, name);
const say = async (client: ParleyClient, roomId: string, body: string) =>
  (await client.json("POST", `/api/rooms/${roomId}/messages`, { body })).body.message;

/** A room that already holds `count` messages from two people. */
async function busyRoom(count: number) {
  const ann = await person("Ann");
  const ben = await person("Ben");
  const roomId = await roomWith(ann, "busy", ben);
  for (let i = 1; i <= count; i++) await say(i % 2 ? ann : ben, roomId, `earlier ${i}`);
  return { ann, ben, roomId };
}

const bodies = (messages: { body: string }[]) => messages.map((m) => m.body);

describe("an agent that joins a room", () => {
  it("over MCP and the REST mirror, is handed only what is said after it joined; earlier messages are its context", async () => {
    const { ann, roomId } = await busyRoom(17);
    const agent = await connectAgent(ann, roomId, "Newcomer");
    const first = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 0 });
    expect(first.data.messages).toEqual([]);
    expect(first.data.next_poll_instruction.action).toBe("poll_again");
    const status = (await callTool(agent.mcp, "get_room_status", { room_id: roomId })).data;
    expect(status.pending_count).toBe(0);

    await say(ann, roomId, "@Newcomer welcome, what do you make of it?");
    const handed = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 5 });
    expect(bodies(handed.data.messages)).toEqual(["@Newcomer welcome, what do you make of it?"]);
    // What came before is context: the last AGENT_CONTEXT_MESSAGES of it (the join notice among them).
    const context = handed.data.context[0].recent_messages;
    expect(context).toHaveLength(5);
    expect(bodies(context)).toContain("earlier 17");
    expect(bodies(context)).toContain("Newcomer joined");

    // The REST mirror answers through the same rule.
    const rest = await connectAgent(ann, roomId, "RestAgent");
    const res = await fetch(`${app.url}/api/agent/pending?room_id=${roomId}&wait_seconds=0`, {
      headers: { authorization: `Bearer ${rest.token}` },
    });
    expect((await res.json()).messages).toEqual([]);
    await agent.mcp.close();
    await rest.mcp.close();
  });

  it("hosted, pays for nothing said before it joined, and answers the first question after with the earlier ones as context", async () => {
    const { ann, roomId } = await busyRoom(12);
    const before = fake.requests.length;
    const { name } = await hostedAgent(ann, roomId);
    await new Promise((r) => setTimeout(r, 2000));
    expect(fake.requests.length).toBe(before);

    const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    await say(ann, roomId, "and now a question");
    await finalOf(stream, name);
    expect(fake.requests.length).toBe(before + 1);
    const prompt = fake.requests[before].body.messages[0].content as string;
    expect(prompt).toContain("Earlier in the room:");
    expect(prompt).toContain("earlier 12");
    expect(prompt.split("New messages for you:")[1]).toContain("and now a question");
    expect(prompt.split("New messages for you:")[1]).not.toContain("earlier");
    stream.close();
  });
});

describe("Answer again", () => {
  it("makes the question pending again for the MCP agent that answered it; its new reply is marked, the old one stays", async () => {
    const ann = await person("Ann");
    const eve = await person("Eve");
    const roomId = await roomWith(ann, "again");
    const agent = await connectAgent(ann, roomId, "Mcp");
    const question = await say(ann, roomId, "what is 6 × 7?");
    const handed = await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 5 });
    expect(handed.data.messages[0]).not.toHaveProperty("answer_again");
    const first = (
      await callTool(agent.mcp, "send_message", { room_id: roomId, body: "41", reply_to_seq: question.seq })
    ).data.message;
    expect((await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 0 })).data.messages).toEqual([]);

    const annsMessage = (await ann.json("GET", `/api/rooms/${roomId}/messages`)).body.messages.find(
      (m: { body: string }) => m.body === "what is 6 × 7?",
    );
    expect((await ann.json("POST", `/api/messages/${annsMessage.id}/regenerate`)).status).toBe(422);
    expect((await eve.json("POST", `/api/messages/${first.id}/regenerate`)).status).toBe(404);

    // A wait in progress wakes when someone asks for another answer.
    const waiting = callTool(agent.mcp, "get_pending_messages", { wait_seconds: 20 });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const asked = await ann.json("POST", `/api/messages/${first.id}/regenerate`);
    expect(asked.status).toBe(202);
    const again = await waiting;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(again.data.messages).toHaveLength(1);
    expect(again.data.messages[0]).toMatchObject({ seq: question.seq, answer_again: { earlier_reply_seq: first.seq } });

    const second = (
      await callTool(agent.mcp, "send_message", { room_id: roomId, body: "42", reply_to_seq: question.seq })
    ).data.message;
    const history = (await ann.json("GET", `/api/rooms/${roomId}/messages`)).body.messages;
    expect(history.find((m: { id: string }) => m.id === first.id)).toMatchObject({ body: "41", regeneratesSeq: null });
    expect(history.find((m: { id: string }) => m.id === second.id)).toMatchObject({
      body: "42",
      replyToSeq: question.seq,
      regeneratesSeq: first.seq,
    });
    // Answered: not pending any more.
    expect((await callTool(agent.mcp, "get_pending_messages", { wait_seconds: 0 })).data.messages).toEqual([]);
    await agent.mcp.close();
  });

  it("asks a hosted agent the same question again, though its reply rule would skip it now", async () => {
    const ann = await person("Ann");
    const roomId = await roomWith(ann, "hosted again");
    const { name, agentId } = await hostedAgent(ann, roomId);
    const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    fake.script.push({ kind: "text", text: "The first answer." });
    const question = await say(ann, roomId, "tell me something");
    const first = await finalOf(stream, name);
    expect(first.data.message.body).toBe("The first answer.");
    // Answering only @mentions from now on: the question would not be pending by the rule alone.
    await ann.json("PUT", `/api/agents/${agentId}/hosted`, { model: "claude-test", replyRule: "mentions" });

    const requests = fake.requests.length;
    expect((await ann.json("POST", `/api/messages/${first.data.message.id}/regenerate`)).status).toBe(202);
    const second = await stream.waitFor(
      (e) =>
        (e.event === "message" || e.event === "message_changed") &&
        e.data.message.sender.name === name &&
        e.data.message.id !== first.data.message.id &&
        !e.data.message.draft &&
        e.data.message.body === DEFAULT_REPLY,
      30_000,
    );
    expect(second.data.message).toMatchObject({ replyToSeq: question.seq, regeneratesSeq: first.data.message.seq });
    expect(fake.requests.length).toBe(requests + 1);
    const prompt = fake.requests[requests].body.messages[0].content as string;
    expect(prompt.split("New messages for you:")[1]).toContain("tell me something");
    // The first answer is still there, as it was.
    const history = (await ann.json("GET", `/api/rooms/${roomId}/messages`)).body.messages;
    expect(history.find((m: { id: string }) => m.id === first.data.message.id).body).toBe("The first answer.");
    stream.close();
  });
});
