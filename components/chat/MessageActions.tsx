"use client";

import { useRef, useState } from "react";
import { CopyButton } from "@/components/ui/CopyButton";
import { api } from "@/lib/client/api";
import type { MessageView } from "@/lib/platform/schemas";
import { EmojiPicker } from "./EmojiPicker";

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
  const reactButton = useRef<HTMLButtonElement>(null);
  const [asked, setAsked] = useState(false);
  if (message.redacted || message.kind !== "text") return null;
  const mine = message.sender.id === selfId;
  const run = (action: () => Promise<unknown>) =>
    void action().catch((err) => setError(err instanceof Error ? err.message : "That did not work"));

  const button = "rounded px-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800";
  return (
    <div className="message-actions flex flex-wrap items-center gap-x-3 text-xs">
      <button type="button" aria-label={`Reply to #${message.seq}`} className={button} onClick={() => onReply(message)}>
        Reply
      </button>
      <span className="relative">
        <button
          ref={reactButton}
          type="button"
          aria-label={`React to #${message.seq}`}
          aria-haspopup="dialog"
          aria-expanded={picking}
          className={button}
          onClick={() => setPicking(!picking)}
        >
          React
        </button>
        {picking && (
          <EmojiPicker
            recent={recentEmoji()}
            onClose={() => setPicking(false)}
            returnFocusTo={() => reactButton.current}
            onPick={(emoji) => {
              const already = message.reactions.some((r) => r.emoji === emoji && r.participantIds.includes(selfId));
              run(() => toggleReaction(message, emoji, already));
            }}
          />
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
