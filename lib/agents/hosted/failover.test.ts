import { afterAll, beforeAll, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { openSse, type SseEvent } from "@/scripts/lib/sse-client";
import { type AppServer, startAppServer } from "@/test/app-server";
import { DEFAULT_REPLY, type FakeAnthropic, startFakeAnthropic } from "@/test/fake-anthropic";
import { roomWith } from "@/test/people";

// Two instances on one database: a hosted agent's loop runs on one of them, and moves when it dies.
let fake: FakeAnthropic;
const servers: AppServer[] = [];
const instanceEnv = () => ({
  ANTHROPIC_BASE_URL: fake.url,
  ANTHROPIC_API_KEY: "sk-ant-server-key-for-tests",
  HOSTED_AGENT_CHECK_SECONDS: "0.3",
  HOSTED_AGENT_DRAFT_INTERVAL_MS: "100",
  AGENT_QUIET_MULTI_MS: "100",
  AGENT_QUIET_SINGLE_MS: "50",
  AGENT_LEASE_SECONDS: "3",
});

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await fake?.close();
});

const isFinalFrom = (name: string, body?: string) => (e: SseEvent) =>
  (e.event === "message" || e.event === "message_changed") &&
  e.data.message.sender.name === name &&
  e.data.message.kind === "text" &&
  !e.data.message.draft &&
  (body === undefined ? e.data.message.body !== "" : e.data.message.body === body);

it("runs on one instance at a time and moves to the other after kill -9, answering what was cut off", async () => {
  const first = await startAppServer(instanceEnv());
  servers.push(first);
  await new ParleyClient(first.url).signUp(uniqueUser("Admin"));
  const annUser = uniqueUser("Ann");
  const ann = new ParleyClient(first.url);
  await ann.signUp(annUser);
  const roomId = await roomWith(ann, "failover");
  const name = "Claude";
  const agentId = (await ann.json("POST", "/api/agents", { name })).body.agent.id;
  await ann.json("POST", `/api/rooms/${roomId}/participants`, { agentId });
  await ann.json("PUT", `/api/agents/${agentId}/hosted`, { model: "claude-test", replyRule: "all" });

  // The first instance is alone, so the loop is its; a reply proves it runs.
  const stream = await openSse(ann, `/api/rooms/${roomId}/events`);
  await stream.waitFor((e) => e.event === "ready");
  await ann.json("POST", `/api/rooms/${roomId}/messages`, { body: "warm up" });
  await stream.waitFor(isFinalFrom(name, DEFAULT_REPLY), 20_000);
  stream.close();

  const second = await startAppServer(instanceEnv());
  servers.push(second);
  await new Promise((r) => setTimeout(r, 1500));
  const requestsWithBoth = fake.requests.length;
  // Both instances look every 0.3 s: still one loop, so one answer per message.
  const annOnSecond = new ParleyClient(second.url);
  await annOnSecond.signIn(annUser);
  const watch = await openSse(annOnSecond, `/api/rooms/${roomId}/events`);
  await watch.waitFor((e) => e.event === "ready");

  // A slow answer, cut off by kill -9 of the instance that writes it.
  fake.script.push({ kind: "text", text: Array.from({ length: 80 }, (_, i) => `w${i}`).join(" "), chunkDelayMs: 200 });
  await annOnSecond.json("POST", `/api/rooms/${roomId}/messages`, { body: "a long question" });
  const draft = await watch.waitFor(
    (e) => e.event === "message_changed" && e.data.message.draft && e.data.message.body.includes("w3"),
    20_000,
  );
  expect(fake.requests.length).toBe(requestsWithBoth + 1);
  first.process.kill("SIGKILL");

  // The second instance takes the loop: the cut-off draft is closed, and the question is answered again.
  const closed = await watch.waitFor(
    (e) => e.event === "message_changed" && e.data.message.id === draft.data.message.id && !e.data.message.draft,
    30_000,
  );
  expect(closed.data.message.body).toContain("(reply cut off)");
  const answered = await watch.waitFor(isFinalFrom(name, DEFAULT_REPLY), 30_000);
  expect(answered.data.message.id).not.toBe(draft.data.message.id);
  expect(answered.data.message.replyToSeq).toBeGreaterThan(0);
  watch.close();
});
