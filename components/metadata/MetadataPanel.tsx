"use client";

import { useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import { Button } from "@/components/ui/Button";
import { ApiError, api, fetcher } from "@/lib/client/api";
import { sortedKeys } from "@/lib/client/sorted-keys";
import type { JsonValue, MetadataView } from "@/lib/platform/schemas";
import { MetadataHistory, metadataHistoryKey } from "./MetadataHistory";
import { parseValue, sameValue, showValue } from "./values";

export { metadataHistoryKey };
export const metadataKey = (roomId: string) => `/api/rooms/${roomId}/metadata`;

type Patch = { set?: Record<string, JsonValue>; delete?: string[] };
/** A change that met a newer version: kept as typed, to apply on top of that version or drop. */
type Conflict = { patch: Patch; afterSave: () => void; by?: string };

async function patch(roomId: string, version: number, body: Patch) {
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
  const { mutate: revalidate } = useSWRConfig();
  const [showHistory, setShowHistory] = useState(false);
  // Edits remember the version and value they started from: a save over someone else's newer change is a
  // conflict, and a change to the key while it is being edited is pointed out at once.
  const [editing, setEditing] = useState<{ key: string; text: string; base: number; original: JsonValue } | null>(null);
  const [adding, setAdding] = useState({ key: "", text: "" });
  const [raw, setRaw] = useState<{ text: string; base: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [undo, setUndo] = useState<{ key: string; value: JsonValue } | null>(null);

  const readOnly = Boolean(data?.locked && !isOwner);

  const save = async (body: Patch, base: number | undefined, afterSave: () => void = () => {}) => {
    if (base === undefined) return;
    try {
      await mutate(await patch(roomId, base, body), { revalidate: false });
      void revalidate(metadataHistoryKey(roomId));
      setError(null);
      setConflict(null);
      afterSave();
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        setError(null);
        setConflict({ patch: body, afterSave });
        await mutate();
        // Who saved first: the newest change in the history (its first entry).
        const history = await api<{ history: { actor: { name: string } }[] }>(metadataHistoryKey(roomId)).catch(
          () => null,
        );
        const by = history?.history[0]?.actor.name;
        if (by) setConflict({ patch: body, afterSave, by });
      } else {
        setError(err instanceof Error ? err.message : "Not saved");
      }
    }
  };

  const dropMine = () => {
    setConflict(null);
    setEditing(null);
    setRaw(null);
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
    const set = Object.fromEntries(Object.entries(after).filter(([k, v]) => !sameValue(data.metadata[k], v)));
    const remove = Object.keys(data.metadata).filter((k) => !(k in after));
    if (Object.keys(set).length === 0 && remove.length === 0) return setRaw(null);
    await save({ set, delete: remove }, raw.base, () => setRaw(null));
  };

  const remove = (key: string, value: JsonValue) =>
    save({ delete: [key] }, data?.version, () => setUndo({ key, value }));

  const entries = Object.entries(sortedKeys(data?.metadata ?? {}));
  const current = (key: string) => (data && key in data.metadata ? showValue(data.metadata[key]) : null);
  // The key being edited changed under the person (a live update from someone else).
  const changedMeanwhile = editing && data && !conflict && !sameValue(data.metadata[editing.key], editing.original);

  return (
    <section
      aria-label="Session metadata"
      className="space-y-2 border-t border-slate-200 p-3 text-sm"
      data-testid="metadata"
    >
      <div className="flex items-center justify-between">
        <h2 className="text-xs font-semibold uppercase text-slate-500">
          Metadata {data && <span className="font-normal normal-case">v{data.version}</span>}
        </h2>
        <div className="flex gap-1 text-xs">
          <button
            type="button"
            className="text-brand-600 hover:underline"
            onClick={() =>
              setRaw(raw === null && data ? { text: JSON.stringify(data.metadata, null, 2), base: data.version } : null)
            }
          >
            {raw === null ? "JSON" : "Table"}
          </button>
          <button type="button" className="text-brand-600 hover:underline" onClick={() => setShowHistory(!showHistory)}>
            {showHistory ? "Hide history" : "History"}
          </button>
        </div>
      </div>
      {data?.locked && (
        <p className="text-xs text-slate-500">
          {isOwner ? "Read-only for others." : "Read-only: the owner locked it."}
        </p>
      )}
      {isLoading && <p className="text-xs text-slate-500">Loading…</p>}
      {error && (
        <p role="status" className="rounded bg-amber-50 p-1 text-xs text-amber-800" data-testid="metadata-error">
          {error}
        </p>
      )}
      {conflict && data && (
        <div
          role="alert"
          className="space-y-1 rounded bg-amber-50 p-2 text-xs text-amber-900"
          data-testid="metadata-conflict"
        >
          <p>
            {conflict.by ? <bdi>{conflict.by}</bdi> : "Someone else"} saved first (now v{data.version}). Your change is
            kept:
          </p>
          <ul className="ml-3 list-disc">
            {Object.entries(conflict.patch.set ?? {}).map(([key, value]) => (
              <li key={key}>
                {key}: now {current(key) ?? "not set"}, yours {showValue(value)}
              </li>
            ))}
            {(conflict.patch.delete ?? []).map((key) => (
              <li key={key}>
                {key}: now {current(key) ?? "not set"}, yours deleted
              </li>
            ))}
          </ul>
          <div className="flex gap-2">
            <button
              type="button"
              className="rounded bg-amber-700 px-2 py-0.5 font-medium text-white hover:bg-amber-800"
              onClick={() => void save(conflict.patch, data.version, conflict.afterSave)}
            >
              Apply mine on top
            </button>
            <button type="button" className="rounded px-2 py-0.5 hover:bg-amber-100" onClick={dropMine}>
              Keep theirs
            </button>
          </div>
        </div>
      )}
      {undo && (
        <p
          role="status"
          className="flex items-center justify-between rounded bg-slate-100 p-1 text-xs"
          data-testid="metadata-undo"
        >
          <span>Deleted “{undo.key}”.</span>
          <button
            type="button"
            className="font-medium text-brand-600 hover:underline"
            onClick={() => void save({ set: { [undo.key]: undo.value } }, data?.version, () => setUndo(null))}
          >
            Undo
          </button>
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
                      onSubmit={(e) => {
                        e.preventDefault();
                        void save({ set: { [key]: parseValue(editing.text) } }, editing.base, () => setEditing(null));
                      }}
                    >
                      <input
                        aria-label={`Value of ${key}`}
                        aria-describedby={changedMeanwhile ? "metadata-changed-meanwhile" : undefined}
                        value={editing.text}
                        onChange={(e) => setEditing({ ...editing, text: e.target.value })}
                        onKeyDown={(e) => e.key === "Escape" && dropMine()}
                        className="w-full rounded border border-slate-300 px-1"
                        // biome-ignore lint/a11y/noAutofocus: the field appears because the person asked to edit it
                        autoFocus
                      />
                      <span className="mt-1 flex gap-1">
                        <button
                          type="submit"
                          className="rounded bg-brand-600 px-2 py-0.5 font-medium text-white hover:bg-brand-700"
                        >
                          Save
                        </button>
                        <button
                          type="button"
                          onClick={dropMine}
                          className="rounded px-2 py-0.5 text-slate-700 hover:bg-slate-100"
                        >
                          Cancel
                        </button>
                      </span>
                      {changedMeanwhile && (
                        <p
                          id="metadata-changed-meanwhile"
                          role="status"
                          className="mt-0.5 text-amber-800"
                          data-testid="metadata-changed-meanwhile"
                        >
                          Someone else just changed this key: it is now {current(key) ?? "deleted"}.
                        </p>
                      )}
                    </form>
                  ) : (
                    <span data-testid="metadata-value">{showValue(value)}</span>
                  )}
                </td>
                {!readOnly && editing?.key !== key && (
                  <td className="w-16 text-right">
                    <button
                      type="button"
                      aria-label={`Edit ${key}`}
                      className="text-brand-600 hover:underline"
                      onClick={() =>
                        data && setEditing({ key, text: showValue(value), base: data.version, original: value })
                      }
                    >
                      Edit
                    </button>{" "}
                    <button
                      type="button"
                      aria-label={`Delete ${key}`}
                      className="text-red-600 hover:underline"
                      onClick={() => void remove(key, value)}
                    >
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
          onSubmit={(e) => {
            e.preventDefault();
            void save({ set: { [adding.key.trim()]: parseValue(adding.text) } }, data?.version, () =>
              setAdding({ key: "", text: "" }),
            );
          }}
        >
          <input
            aria-label="New key"
            placeholder="key"
            value={adding.key}
            onChange={(e) => setAdding({ ...adding, key: e.target.value })}
            className="w-2/5 rounded border border-slate-300 px-1 text-xs"
          />
          <input
            aria-label="New value"
            placeholder="value"
            value={adding.text}
            onChange={(e) => setAdding({ ...adding, text: e.target.value })}
            className="min-w-0 flex-1 rounded border border-slate-300 px-1 text-xs"
          />
          <button
            type="submit"
            aria-label="Add key"
            disabled={!adding.key.trim()}
            className="rounded bg-slate-800 px-2 text-xs text-white disabled:opacity-40"
          >
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

      {showHistory && <MetadataHistory roomId={roomId} />}
    </section>
  );
}
