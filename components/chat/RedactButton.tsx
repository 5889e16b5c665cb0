"use client";

import { useState } from "react";
import { api } from "@/lib/client/api";
import type { MessageView } from "@/lib/schemas";

type Props = { message: MessageView; canRedact: boolean };

/** Redacts a message after a second click; the open pages get the redacted copy over their streams. */
export function RedactButton({ message, canRedact }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!canRedact || message.redacted || message.kind !== "text") return null;

  const redact = async () => {
    try {
      await api(`/api/messages/${message.id}/redact`, { method: "POST" });
      setConfirming(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not redact");
    }
  };

  return (
    <div className="text-xs">
      {confirming ? (
        <span className="flex items-center gap-2">
          <span className="text-slate-600">Remove this message's text for everyone?</span>
          <button type="button" className="font-medium text-red-700 hover:underline" onClick={() => void redact()}>
            Redact
          </button>
          <button type="button" className="text-slate-500 hover:underline" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button
          type="button"
          aria-label={`Redact #${message.seq}`}
          className="text-slate-400 opacity-0 hover:text-red-700 focus:opacity-100 group-hover:opacity-100"
          onClick={() => setConfirming(true)}
        >
          Redact
        </button>
      )}
      {error && <span className="ml-2 text-red-600">{error}</span>}
    </div>
  );
}
