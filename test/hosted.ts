import type { ParleyClient } from "../scripts/lib/parley-client";
import type { SseEvent, SseStream } from "../scripts/lib/sse-client";

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
