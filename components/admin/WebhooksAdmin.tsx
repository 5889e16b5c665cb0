"use client";

import { useState } from "react";
import useSWR from "swr";
import { Button } from "@/components/ui/Button";
import { useAction } from "@/components/ui/useAction";
import { api, fetcher } from "@/lib/client/api";
import { WEBHOOK_EVENTS } from "@/lib/schemas";

type Webhook = {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  secretHint: string;
  deliveries: Record<string, number>;
};
type Delivery = {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
};

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const { data, mutate } = useSWR<{ deliveries: Delivery[] }>(`/api/admin/webhooks/${webhookId}/deliveries`, fetcher, {
    refreshInterval: 3000,
  });
  const action = useAction();
  if (!data) return <p className="text-xs text-slate-500">Loading deliveries…</p>;
  if (data.deliveries.length === 0) return <p className="text-xs text-slate-500">No deliveries yet.</p>;
  return (
    <>
      {action.error && <p className="mt-2 text-xs text-red-600">{action.error}</p>}
      <table className="mt-2 w-full text-left text-xs">
        <thead className="text-slate-500">
          <tr>
            <th>When</th>
            <th>Event</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Last error</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.deliveries.map((d) => (
            <tr key={d.id} className="border-t border-slate-100">
              <td>{new Date(d.createdAt).toLocaleString()}</td>
              <td>{d.event}</td>
              <td
                className={d.status === "failed" ? "text-red-600" : d.status === "succeeded" ? "text-emerald-700" : ""}
              >
                {d.status}
                {d.nextAttemptAt &&
                  d.status === "pending" &&
                  ` (next ${new Date(d.nextAttemptAt).toLocaleTimeString()})`}
              </td>
              <td>{d.attempts}</td>
              <td className="max-w-48 truncate" title={d.lastError ?? ""}>
                {d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : "")}
              </td>
              <td>
                <button
                  type="button"
                  className="text-brand-600 hover:underline"
                  onClick={() =>
                    action.run(async () => {
                      await api(`/api/admin/webhooks/deliveries/${d.id}/resend`, { method: "POST" });
                      await mutate();
                    })
                  }
                >
                  Resend
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function WebhooksAdmin() {
  const { data, mutate } = useSWR<{ webhooks: Webhook[] }>("/api/admin/webhooks", fetcher);
  const [form, setForm] = useState({ url: "", secret: "", events: ["feedback.negative"] as string[] });
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const action = useAction();

  return (
    <div className="space-y-4">
      <form
        className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await api("/api/admin/webhooks", { body: form });
            setForm({ url: "", secret: "", events: ["feedback.negative"] });
            setError(null);
            await mutate();
          } catch (err) {
            setError(err instanceof Error ? err.message : "Not saved");
          }
        }}
      >
        <p className="font-medium">New webhook</p>
        <input
          aria-label="Webhook URL"
          placeholder="https://example.com/parley-hook"
          value={form.url}
          onChange={(e) => setForm({ ...form, url: e.target.value })}
          className="w-full rounded border border-slate-300 px-2 py-1"
        />
        <input
          aria-label="Signing secret"
          placeholder="signing secret (16+ characters)"
          value={form.secret}
          onChange={(e) => setForm({ ...form, secret: e.target.value })}
          className="w-full rounded border border-slate-300 px-2 py-1"
        />
        <fieldset className="flex flex-wrap gap-3">
          <legend className="sr-only">Events</legend>
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={form.events.includes(event)}
                onChange={(e) =>
                  setForm({
                    ...form,
                    events: e.target.checked ? [...form.events, event] : form.events.filter((x) => x !== event),
                  })
                }
              />
              {event}
            </label>
          ))}
        </fieldset>
        {error && <p className="text-red-600">{error}</p>}
        <Button type="submit">Add webhook</Button>
        <p className="text-xs text-slate-500">
          Each delivery is a POST with JSON and the header <code>Parley-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</code>,
          an HMAC-SHA256 of
          <code> t.body</code> with the secret. Failed deliveries are retried with exponential backoff for 24 hours, in
          order per room.
        </p>
      </form>
      {action.error && <p className="text-sm text-red-600">{action.error}</p>}
      {data?.webhooks.length === 0 && <p className="text-sm text-slate-500">No webhooks yet.</p>}
      <ul className="space-y-2">
        {data?.webhooks.map((w) => (
          <li key={w.id} className="rounded border border-slate-200 bg-white p-3 text-sm">
            <div className="flex items-center gap-2">
              <span className={`h-2 w-2 rounded-full ${w.active ? "bg-emerald-500" : "bg-slate-300"}`} />
              <span className="font-mono">{w.url}</span>
              <span className="text-xs text-slate-500">{w.events.join(", ")}</span>
              <span className="ml-auto text-xs text-slate-500">
                {Object.entries(w.deliveries)
                  .map(([status, n]) => `${n} ${status}`)
                  .join(" · ")}
              </span>
            </div>
            <div className="mt-1 flex gap-3 text-xs">
              <button
                type="button"
                className="text-brand-600 hover:underline"
                onClick={() => setOpen(open === w.id ? null : w.id)}
              >
                {open === w.id ? "Hide deliveries" : "Deliveries"}
              </button>
              <button
                type="button"
                className="text-brand-600 hover:underline"
                onClick={() =>
                  action.run(async () => {
                    await api(`/api/admin/webhooks/${w.id}`, { method: "PATCH", body: { active: !w.active } });
                    await mutate();
                  })
                }
              >
                {w.active ? "Pause" : "Resume"}
              </button>
              <button
                type="button"
                className="text-red-600 hover:underline"
                onClick={() =>
                  confirm(`Delete the webhook to ${w.url}?`) &&
                  action.run(async () => {
                    await api(`/api/admin/webhooks/${w.id}`, { method: "DELETE" });
                    await mutate();
                  })
                }
              >
                Delete
              </button>
            </div>
            {open === w.id && <DeliveryLog webhookId={w.id} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
