import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import type { SseEvent, SseStream } from "../scripts/lib/sse-client";
import { type AppServer, startAppServer } from "./app-server";
import { type FakeAnthropic, startFakeAnthropic } from "./fake-anthropic";

export const SERVER_KEY = "sk-ant-server-key-for-tests";

/**
 * The production server with hosted agents answering through the stand-in Messages API: quick looks and
 * quiet windows, the server's own key, and `env` on top. The first person signed up (the admin) comes with it.
 */
export async function startHostedServer(env: Record<string, string> = {}) {
  const fake: FakeAnthropic = await startFakeAnthropic();
  const app: AppServer = await startAppServer({
    ANTHROPIC_BASE_URL: fake.url,
    ANTHROPIC_API_KEY: SERVER_KEY,
    HOSTED_AGENT_CHECK_SECONDS: "0.3",
    HOSTED_AGENT_DRAFT_INTERVAL_MS: "100",
    AGENT_QUIET_MULTI_MS: "100",
    AGENT_QUIET_SINGLE_MS: "50",
    ...env,
  });
  const admin = new ParleyClient(app.url);
  await admin.signUp(uniqueUser("Admin"));
  return {
    fake,
    app,
    admin,
    stop: async () => {
      await app.stop();
      await fake.close();
    },
  };
}

/** The next change that shows the message `messageId` final with `body`. */
export const shownFinal = (stream: SseStream, messageId: string, body: string) =>
  stream.waitFor(
    (e) =>
      e.event === "message_changed" &&
      e.data.message.id === messageId &&
      !e.data.message.draft &&
      e.data.message.body === body,
    30_000,
  );

/** An agent of `owner`'s in the room, made hosted with `settings` (the stand-in's "claude-test" unless named). */
export async function hostedAgent(owner: ParleyClient, roomId: string, settings: Record<string, unknown> = {}) {
  const name = `Claude${Math.random().toString(36).slice(2, 6)}`;
  const agentId = (await owner.json("POST", "/api/agents", { name })).body.agent.id as string;
  await owner.json("POST", `/api/rooms/${roomId}/participants`, { agentId });
  const res = await owner.json("PUT", `/api/agents/${agentId}/hosted`, {
    model: "claude-test",
    replyRule: "all",
    ...settings,
  });
  if (res.status !== 200) throw new Error(`not hosted: ${JSON.stringify(res.body)}`);
  return { agentId, name, hosted: res.body.hosted };
}

const isMessage = (e: SseEvent) => e.event === "message" || e.event === "message_changed";

/** A message of the agent's as shown (draft or final), in the order the stream showed it. */
export const shownOf = (events: SseEvent[], messageId: string) =>
  events
    .filter((e) => isMessage(e) && e.data.message.id === messageId)
    .map((e) => e.data.message as { body: string; draft: boolean; notice: boolean });

/** The next final, non-empty text from `senderName` on the stream (a reply or a notice). */
export const finalOf = (stream: SseStream, senderName: string, timeoutMs = 30_000) =>
  stream.waitFor(
    (e) =>
      isMessage(e) &&
      e.data.message.sender.name === senderName &&
      e.data.message.kind === "text" &&
      !e.data.message.draft &&
      e.data.message.body !== "",
    timeoutMs,
  );

/** The agent's messages in the room as they stand now (each id once, latest copy), drafts included. */
export function messagesOf(events: SseEvent[], senderName: string) {
  const latest = new Map<
    string,
    {
      id: string;
      seq: number;
      body: string;
      draft: boolean;
      notice: boolean;
      regeneratesSeq: number | null;
      replyToSeq: number | null;
    }
  >();
  for (const e of events)
    if (isMessage(e) && e.data.message.sender.name === senderName && e.data.message.kind === "text")
      latest.set(e.data.message.id, e.data.message);
  return [...latest.values()];
}
