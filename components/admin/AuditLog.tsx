"use client";

import { useState } from "react";
import useSWRInfinite from "swr/infinite";
import { Button } from "@/components/ui/Button";
import { Time } from "@/components/ui/Time";
import { fetcher } from "@/lib/client/api";
import { AUDIT_ACTIONS } from "@/lib/platform/schemas";
import type { AuditView } from "@/lib/review/audit";

type Entry = AuditView;
type Page = { entries: Entry[]; names: Record<string, string>; nextBefore: string | null };

/** An entry's details, with the ids of people, agents and rooms shown by name (the id in the tooltip). */
function Details({ meta, names }: { meta: Entry["meta"]; names: Record<string, string> }) {
  if (!meta || typeof meta !== "object" || Array.isArray(meta) || Object.keys(meta).length === 0) return null;
  return (
    <>
      {Object.entries(meta).map(([key, value]) => (
        <span key={key} className="mr-2 inline-block">
          <span className="text-slate-500">{key}:</span>{" "}
          {typeof value === "string" && names[value] ? (
            <bdi title={value}>{names[value]}</bdi>
          ) : (
            <bdi>{typeof value === "string" ? value : JSON.stringify(value)}</bdi>
          )}
        </span>
      ))}
    </>
  );
}

/** The audit log, newest first, filtered by action, paged back with "Older". */
export function AuditLog() {
  const [action, setAction] = useState("");
  const { data, error, size, setSize, isLoading } = useSWRInfinite<Page>((_index, previous: Page | null) => {
    if (previous && !previous.nextBefore) return null;
    const query = new URLSearchParams({
      limit: "50",
      ...(action && { action }),
      ...(previous?.nextBefore && { before: previous.nextBefore }),
    });
    return `/api/admin/audit?${query}`;
  }, fetcher);
  const entries = data?.flatMap((p) => p.entries) ?? [];
  const names = Object.assign({}, ...(data ?? []).map((p) => p.names)) as Record<string, string>;
  const more = Boolean(data?.[data.length - 1]?.nextBefore);

  return (
    <div className="space-y-3">
      <div className="flex items-end justify-between gap-2">
        <h1 className="text-lg font-semibold">Audit log</h1>
        <label className="text-sm">
          <span className="mr-2">Action</span>
          <select
            aria-label="Action"
            value={action}
            onChange={(e) => setAction(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
          >
            <option value="">all</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <p className="text-sm text-red-600">{error.message}</p>}
      {isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && entries.length === 0 && <p className="text-sm text-slate-500">Nothing recorded yet.</p>}
      {entries.length > 0 && (
        <table className="stack-on-phone w-full text-left text-sm" data-testid="audit-entries">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1">When</th>
              <th>Action</th>
              <th>Who</th>
              <th>Target</th>
              <th>Address</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className="border-t border-slate-200 align-top" data-testid="audit-entry">
                <td className="py-1 text-xs">
                  <Time iso={e.createdAt} />
                </td>
                <td className="font-mono text-xs">{e.action}</td>
                <td>
                  <bdi>{e.actor.name ?? (e.actor.userId || e.actor.agentId ? "(deleted)" : "—")}</bdi>
                </td>
                <td className="text-xs">
                  {e.targetType ? (
                    <>
                      {e.targetType.replace(/_/g, " ")}{" "}
                      <bdi title={e.targetId ?? undefined}>{e.targetName ?? e.targetId ?? ""}</bdi>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="font-mono text-xs">{e.ip ?? "—"}</td>
                <td className="break-words text-xs">
                  <Details meta={e.meta} names={names} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && (
        <Button variant="secondary" onClick={() => void setSize(size + 1)}>
          Older
        </Button>
      )}
    </div>
  );
}
