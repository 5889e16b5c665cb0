"use client";

import useSWR from "swr";
import { Time } from "@/components/ui/Time";
import { fetcher } from "@/lib/client/api";
import type { JsonValue } from "@/lib/platform/schemas";
import { showValue } from "./values";

type Change = {
  version: number;
  actor: { name: string; kind: "user" | "agent" };
  set: Record<string, JsonValue>;
  deleted: string[];
  before: Record<string, JsonValue>;
  after: Record<string, JsonValue>;
  createdAt: string;
};

export const metadataHistoryKey = (roomId: string) => `/api/rooms/${roomId}/metadata/history`;

/** What each change did to each key: the value before → after (a key that was not there shows as –). */
export function MetadataHistory({ roomId }: { roomId: string }) {
  const { data } = useSWR<{ history: Change[] }>(metadataHistoryKey(roomId), fetcher);
  return (
    <ol className="max-h-64 space-y-2 overflow-y-auto text-xs text-slate-600" data-testid="metadata-history">
      {data?.history.length === 0 && <li>No changes yet.</li>}
      {data?.history.map((c) => (
        <li key={c.version}>
          <p>
            <span className="font-medium">v{c.version}</span> <bdi>{c.actor.name}</bdi>
            {c.actor.kind === "agent" && " (agent)"} · <Time iso={c.createdAt} />
          </p>
          <ul className="ml-3">
            {[...Object.keys(c.set), ...c.deleted].map((key) => (
              <li key={key} className="break-words" data-testid="metadata-history-change">
                <span className="font-medium">{key}</span>: {key in c.before ? showValue(c.before[key]) : "–"} →{" "}
                {key in c.after ? showValue(c.after[key]) : "deleted"}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
