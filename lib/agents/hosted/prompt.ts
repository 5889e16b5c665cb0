import type { AgentMessage, PendingResult, You } from "@/lib/agents/schemas";

// How an agent that Parley runs (or the reference agent) shows a room to the model: who it is, the room,
// and the conversation as a transcript ending with the messages to answer. Client-safe: no server imports.

type RoomContext = PendingResult["context"][number];

export const DEFAULT_SYSTEM_PROMPT = "You are a helpful participant in a group chat. Reply concisely, in Markdown.";

export function systemPromptFor(base: string, you: You, context: RoomContext | undefined): string {
  return [
    base.trim() || DEFAULT_SYSTEM_PROMPT,
    `In Parley you are ${you.name}; people mention you as ${you.handle}.${context ? ` This is the room “${context.room_name}”.` : ""}`,
    "The conversation comes as lines “[seq] Name: text”. Write only your reply's text, without your name or a seq.",
  ].join("\n\n");
}

const line = (m: AgentMessage) =>
  `[${m.seq}] ${m.sender.name}: ${m.body}${m.attachments.length ? ` (files: ${m.attachments.map((a) => a.name).join(", ")})` : ""}`;

/** The room's recent messages, then the ones to answer, each once and in order. */
export function transcriptFor(messages: AgentMessage[], context: RoomContext | undefined): string {
  const answered = new Set(messages.map((m) => m.seq));
  const earlier = (context?.recent_messages ?? []).filter((m) => !answered.has(m.seq));
  return [
    ...(earlier.length ? ["Earlier in the room:", ...earlier.map(line), ""] : []),
    "New messages for you:",
    ...messages.map(line),
  ].join("\n");
}
