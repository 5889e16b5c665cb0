"use client";

import { useState } from "react";
import useSWR from "swr";
import { Button } from "@/components/ui/Button";
import { ApiError, api, fetcher } from "@/lib/client/api";
import type { JsonValue, MetadataView } from "@/lib/schemas";

type Change = {
  version: number;
  actor: { name: string; kind: "user" | "agent" };
  set: Record<string, JsonValue>;
  deleted: string[];
  createdAt: string;
};

export const metadataKey = (roomId: string) => `/api/rooms/${roomId}/metadata`;
export const metadataHistoryKey = (roomId: string) => `/api/rooms/${roomId}/metadata/history`;

const show = (value: JsonValue) => (typeof value === "string" ? value : JSON.stringify(value));
/** What a person types: JSON when it parses (42, true, {"a":1}), else the text itself. */
function parseValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

async function patch(roomId: string, version: number, body: { set?: Record<string, JsonValue>; delete?: string[] }) {
  const res = await fetch(metadataKey(roomId), {
    method: "PATCH",
    headers: { "content-type": "application/json", "if-match": String(version) },
    body: JSON.stringify(body),
  });
  const data = await res.json();
  if (!res.ok) throw new ApiError(res.status, data.error?.code, data.error?.message ?? "Not saved", data.error?.fields);
  return data as MetadataView;
}

/** The room's session metadata: a key/value table with inline edits, raw JSON mode and history. */
export function MetadataPanel({ roomId, isOwner }: { roomId: string; isOwner: boolean }) {
  const { data, mutate, isLoading } = useSWR<MetadataView>(metadataKey(roomId), fetcher);
  const [showHistory, setShowHistory] = useState(false);
  const history = useSWR<{ history: Change[] }>(showHistory ? metadataHistoryKey(roomId) : null, fetcher);
  // Edits remember the version they started from, so a save over someone else's newer change is a conflict.
  const [editing, setEditing] = useState<{ key: string; text: string; base: number } | null>(null);
  const [adding, setAdding] = useState({ key: "", text: "" });
  const [raw, setRaw] = useState<{ text: string; base: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const readOnly = Boolean(data?.locked && !isOwner);

  const save = async (body: { set?: Record<string, JsonValue>; delete?: string[] }, base = data?.version) => {
    if (base === undefined) return false;
    try {
      await mutate(await patch(roomId, base, body), { revalidate: false });
      void history.mutate();
      setError(null);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        setError("Someone else saved first. Their version is shown now; your change was not applied.");
        setEditing(null);
        setRaw(null);
        await mutate();
      } else {
        setError(err instanceof Error ? err.message : "Not saved");
      }
      return false;
    }
  };

  const saveRaw = async () => {
    if (!data || raw === null) return;
    let next: unknown;
    try {
      next = JSON.parse(raw.text);
    } catch (err) {
      return setError(`Not valid JSON: ${err instanceof Error ? err.message : ""}`);
    }
    if (!next || typeof next !== "object" || Array.isArray(next)) return setError("Metadata must be a JSON object");
    const after = next as Record<string, JsonValue>;
    const set = Object.fromEntries(Object.entries(after).filter(([k, v]) => JSON.stringify(data.metadata[k]) !== JSON.stringify(v)));
    const remove = Object.keys(data.metadata).filter((k) => !(k in after));
    if (Object.keys(set).length === 0 && remove.length === 0) return setRaw(null);
    if (await save({ set, delete: remove }, raw.base)) setRaw(null);
  };

  const entries = Object.entries(data?.metadata ?? {});

  return (
    <section aria-label="Session metadata" className="space-y-2 border-t border-slate-200 p-3 text-sm" data-testid="metadata">
      <div className="flex items-center justify-between">
        <h2 className="text-xs font-semibold uppercase text-slate-500">
          Metadata {data && <span className="font-normal normal-case">v{data.version}</span>}
        </h2>
        <div className="flex gap-1 text-xs">
          <button type="button" className="text-brand-600 hover:underline" onClick={() => setRaw(raw === null && data ? { text: JSON.stringify(data.metadata, null, 2), base: data.version } : null)}>
            {raw === null ? "JSON" : "Table"}
          </button>
          <button type="button" className="text-brand-600 hover:underline" onClick={() => setShowHistory(!showHistory)}>
            {showHistory ? "Hide history" : "History"}
          </button>
        </div>
      </div>
      {data?.locked && <p className="text-xs text-slate-500">{isOwner ? "Read-only for others." : "Read-only: the owner locked it."}</p>}
      {isLoading && <p className="text-xs text-slate-500">Loading…</p>}
      {error && (
        <p role="status" className="rounded bg-amber-50 p-1 text-xs text-amber-800" data-testid="metadata-error">
          {error}
        </p>
      )}

      {raw !== null ? (
        <div className="space-y-1">
          <textarea
            aria-label="Metadata JSON"
            value={raw.text}
            onChange={(e) => setRaw({ ...raw, text: e.target.value })}
            rows={8}
            readOnly={readOnly}
            className="w-full rounded border border-slate-300 p-1 font-mono text-xs"
          />
          {!readOnly && <Button onClick={saveRaw}>Save JSON</Button>}
        </div>
      ) : (
        <table className="w-full table-fixed text-xs">
          <tbody>
            {entries.length === 0 && data && (
              <tr>
                <td className="py-1 text-slate-500">No metadata yet.</td>
              </tr>
            )}
            {entries.map(([key, value]) => (
              <tr key={key} className="group align-top" data-testid={`metadata-row-${key}`}>
                <th scope="row" className="w-2/5 truncate py-1 pr-1 text-left font-medium text-slate-600" title={key}>
                  {key}
                </th>
                <td className="break-words py-1">
                  {editing?.key === key ? (
                    <form
                      onSubmit={async (e) => {
                        e.preventDefault();
                        if (await save({ set: { [key]: parseValue(editing.text) } }, editing.base)) setEditing(null);
                      }}
                    >
                      <input
                        aria-label={`Value of ${key}`}
                        value={editing.text}
                        onChange={(e) => setEditing({ ...editing, text: e.target.value })}
                        onKeyDown={(e) => e.key === "Escape" && setEditing(null)}
                        className="w-full rounded border border-slate-300 px-1"
                        // biome-ignore lint/a11y/noAutofocus: the field appears because the person asked to edit it
                        autoFocus
                      />
                    </form>
                  ) : (
                    <span data-testid="metadata-value">{show(value)}</span>
                  )}
                </td>
                {!readOnly && editing?.key !== key && (
                  <td className="w-16 text-right">
                    <button type="button" aria-label={`Edit ${key}`} className="text-brand-600 hover:underline" onClick={() => data && setEditing({ key, text: show(value), base: data.version })}>
                      Edit
                    </button>{" "}
                    <button type="button" aria-label={`Delete ${key}`} className="text-red-600 hover:underline" onClick={() => void save({ delete: [key] })}>
                      ✕
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {!readOnly && raw === null && (
        <form
          className="flex gap-1"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await save({ set: { [adding.key.trim()]: parseValue(adding.text) } })) setAdding({ key: "", text: "" });
          }}
        >
          <input aria-label="New key" placeholder="key" value={adding.key} onChange={(e) => setAdding({ ...adding, key: e.target.value })} className="w-2/5 rounded border border-slate-300 px-1 text-xs" />
          <input aria-label="New value" placeholder="value" value={adding.text} onChange={(e) => setAdding({ ...adding, text: e.target.value })} className="min-w-0 flex-1 rounded border border-slate-300 px-1 text-xs" />
          <button type="submit" aria-label="Add key" disabled={!adding.key.trim()} className="rounded bg-slate-800 px-2 text-xs text-white disabled:opacity-40">
            Add
          </button>
        </form>
      )}

      {isOwner && data && (
        <label className="flex items-center gap-1 text-xs text-slate-600">
          <input
            type="checkbox"
            checked={data.locked}
            onChange={async (e) => {
              try {
                await api(`${metadataKey(roomId)}/lock`, { method: "PUT", body: { locked: e.target.checked } });
                await mutate();
              } catch (err) {
                setError(err instanceof Error ? err.message : "Not saved");
              }
            }}
          />
          Read-only for others
        </label>
      )}

      {showHistory && (
        <ol className="max-h-48 space-y-1 overflow-y-auto text-xs text-slate-600" data-testid="metadata-history">
          {history.data?.history.length === 0 && <li>No changes yet.</li>}
          {history.data?.history.map((c) => (
            <li key={c.version}>
              <span className="font-medium">v{c.version}</span> {c.actor.name}
              {c.actor.kind === "agent" && " (agent)"}: {Object.keys(c.set).length > 0 && `set ${Object.keys(c.set).join(", ")}`}
              {c.deleted.length > 0 && ` deleted ${c.deleted.join(", ")}`} · {new Date(c.createdAt).toLocaleTimeString()}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
