"use client";

import { useEffect, useState } from "react";
import type { ParticipantView } from "@/lib/platform/schemas";

/** "Claude is working on a reply…" from the moment an agent is handed messages until it answers or its lease ends. */
export function AgentWorking({ participants }: { participants: ParticipantView[] }) {
  const [now, setNow] = useState(() => Date.now());
  const until = participants.flatMap((p) => (p.workingUntil ? [{ name: p.name, at: Date.parse(p.workingUntil) }] : []));
  const names = until.filter((w) => w.at > now).map((w) => w.name);
  // Re-render when the first lease runs out: an agent that never answers stops "working" by itself.
  const nextExpiry = Math.min(...until.map((w) => w.at).filter((at) => at > now));
  useEffect(() => {
    if (!Number.isFinite(nextExpiry)) return;
    const timer = setTimeout(() => setNow(Date.now()), nextExpiry - Date.now() + 50);
    return () => clearTimeout(timer);
  }, [nextExpiry]);
  if (names.length === 0) return null;
  return (
    <span data-testid="agent-working" className="italic">
      <bdi>{names.join(", ")}</bdi> {names.length === 1 ? "is" : "are"} working on a reply…
    </span>
  );
}
