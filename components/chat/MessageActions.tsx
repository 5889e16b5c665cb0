"use client";

import { useState } from "react";
import { CopyButton } from "@/components/ui/CopyButton";
import { api } from "@/lib/client/api";
import type { MessageView } from "@/lib/platform/schemas";

const DEFAULT_EMOJI = ["👍", "❤️", "😂", "🎉", "👀", "🙏"];
const RECENT_KEY = "parley:recent-emoji";

function recentEmoji(): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(RECENT_KEY) ?? "[]") as string[];
    return [...new Set([...saved, ...DEFAULT_EMOJI])].slice(0, 6);
  } catch {
    return DEFAULT_EMOJI;
  }
}

function remember(emoji: string): void {
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify([emoji, ...recentEmoji().filter((e) => e !== emoji)].slice(0, 6)));
  } catch {
    // private mode: the picker keeps its defaults
  }
}

/** Toggles your reaction; the page gets the new counts over its stream. */
export async function toggleReaction(message: MessageView, emoji: string, mine: boolean): Promise<void> {
  if (!mine) remember(emoji);
  await api(`/api/messages/${message.id}/reactions/${encodeURIComponent(emoji)}`, { method: mine ? "DELETE" : "PUT" });
}

type Props = {
  message: MessageView;
  selfId: string;
  canDelete: boolean;
  onReply: (message: MessageView) => void;
  onEdit: (message: MessageView) => void;
};

/** An agent's reply that it can be asked to write again: final, a real reply, answering a message. */
const canAnswerAgain = (m: MessageView) => m.sender.kind === "agent" && !m.draft && !m.notice && m.replyToSeq !== null;

/**
 * Reply, react, copy (the Markdown as written), answer again (an agent's reply), edit and delete (after a
 * second click); each change reaches every open page over its stream.
 */
export function MessageActions({ message, selfId, canDelete, onReply, onEdit }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);
  if (message.redacted || message.kind !== "text") return null;
  const mine = message.sender.id === selfId;
  const run = (action: () => Promise<unknown>) =>
    void action().catch((err) => setError(err instanceof Error ? err.message : "That did not work"));

  const button = "text-slate-400 hover:text-slate-700 focus:opacity-100";
  return (
    <div className="message-actions flex flex-wrap items-center gap-x-3 text-xs">
      <button type="button" aria-label={`Reply to #${message.seq}`} className={button} onClick={() => onReply(message)}>
        Reply
      </button>
      <span className="relative">
        <button
          type="button"
          aria-label={`React to #${message.seq}`}
          className={button}
          onClick={() => setPicking(!picking)}
        >
          React
        </button>
        {picking && (
          <span
            role="menu"
            className="absolute bottom-5 left-0 z-10 flex gap-1 rounded border border-slate-200 bg-white p-1 shadow"
          >
            {recentEmoji().map((emoji) => (
              <button
                key={emoji}
                type="button"
                role="menuitem"
                aria-label={`React with ${emoji}`}
                className="rounded px-1 text-base hover:bg-slate-100"
                onClick={() => {
                  setPicking(false);
                  const already = message.reactions.some((r) => r.emoji === emoji && r.participantIds.includes(selfId));
                  run(() => toggleReaction(message, emoji, already));
                }}
              >
                {emoji}
              </button>
            ))}
          </span>
        )}
      </span>
      <CopyButton text={message.body} label={`Copy #${message.seq} as Markdown`} className={button} />
      {canAnswerAgain(message) && (
        <button
          type="button"
          aria-label={`Ask ${message.sender.name} to answer #${message.replyToSeq} again`}
          className={button}
          disabled={asked}
          onClick={() =>
            run(async () => {
              setAsked(true);
              try {
                await api(`/api/messages/${message.id}/regenerate`, { method: "POST" });
              } finally {
                setTimeout(() => setAsked(false), 3000);
              }
            })
          }
        >
          {asked ? "Asked again" : "Answer again"}
        </button>
      )}
      {mine && (
        <button type="button" aria-label={`Edit #${message.seq}`} className={button} onClick={() => onEdit(message)}>
          Edit
        </button>
      )}
      {canDelete &&
        (confirming ? (
          <span className="flex items-center gap-2">
            <span className="text-slate-600">Delete this message for everyone?</span>
            <button
              type="button"
              className="font-medium text-red-700 hover:underline"
              onClick={() => run(async () => api(`/api/messages/${message.id}`, { method: "DELETE" }))}
            >
              Delete
            </button>
            <button type="button" className="text-slate-500 hover:underline" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button
            type="button"
            aria-label={`Delete #${message.seq}`}
            className={`${button} hover:text-red-700`}
            onClick={() => setConfirming(true)}
          >
            Delete
          </button>
        ))}
      {error && <span className="text-red-600">{error}</span>}
    </div>
  );
}
