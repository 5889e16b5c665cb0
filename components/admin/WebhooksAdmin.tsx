"use client";

import { useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import { DeliveryLog, deliveriesKey } from "@/components/admin/WebhookDeliveries";
import { Button } from "@/components/ui/Button";
import { useAction } from "@/components/ui/useAction";
import { ApiError, api, fetcher } from "@/lib/client/api";
import { WEBHOOK_EVENTS, webhookSchema } from "@/lib/platform/schemas";

type FieldErrors = Record<string, string[]>;

/** Every problem with the form at once, by field: the same schema the server checks with. */
function problemsOf(form: unknown): FieldErrors {
  const parsed = webhookSchema.safeParse(form);
  if (parsed.success) return {};
  const fields: FieldErrors = {};
  for (const issue of parsed.error.issues) (fields[String(issue.path[0] ?? "_")] ??= []).push(issue.message);
  return fields;
}

function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="text-xs text-red-600" data-testid={id}>
      {messages.join("; ")}
    </p>
  );
}

/** Checkboxes for the events a webhook is sent. */
function EventPicker({
  legend,
  value,
  onChange,
  describedBy,
}: {
  legend: string;
  value: string[];
  onChange: (events: string[]) => void;
  describedBy?: string;
}) {
  return (
    <fieldset className="flex flex-wrap gap-3" aria-describedby={describedBy}>
      <legend className="mb-1 w-full text-xs font-medium text-slate-600">{legend}</legend>
      {WEBHOOK_EVENTS.map((event) => (
        <label key={event} className="flex items-center gap-1">
          <input
            type="checkbox"
            checked={value.includes(event)}
            onChange={(e) => onChange(e.target.checked ? [...value, event] : value.filter((x) => x !== event))}
          />
          {event}
        </label>
      ))}
    </fieldset>
  );
}

type Webhook = {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  secretHint: string;
  deliveries: Record<string, number>;
};
export function WebhooksAdmin() {
  const { data, mutate } = useSWR<{ webhooks: Webhook[] }>("/api/admin/webhooks", fetcher);
  const { mutate: revalidate } = useSWRConfig();
  const [form, setForm] = useState({ url: "", secret: "", events: ["feedback.negative"] as string[] });
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  const [open, setOpen] = useState<string | null>(null);
  const [editingEvents, setEditingEvents] = useState<{ id: string; events: string[] } | null>(null);
  const [tested, setTested] = useState<string | null>(null);
  const action = useAction();

  return (
    <div className="space-y-4">
      <form
        className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm"
        onSubmit={async (e) => {
          e.preventDefault();
          const problems = problemsOf(form);
          setFields(problems);
          setError(null);
          if (Object.keys(problems).length > 0) return;
          try {
            await api("/api/admin/webhooks", { body: form });
            setForm({ url: "", secret: "", events: ["feedback.negative"] });
            await mutate();
          } catch (err) {
            if (err instanceof ApiError && err.fields) setFields(err.fields);
            else setError(err instanceof Error ? err.message : "Not saved");
          }
        }}
      >
        <p className="font-medium">New webhook</p>
        <label htmlFor="webhook-url" className="block text-xs font-medium text-slate-700">
          Webhook URL
        </label>
        <input
          id="webhook-url"
          aria-invalid={Boolean(fields.url)}
          aria-describedby={fields.url ? "webhook-url-error" : undefined}
          placeholder="https://example.com/parley-hook"
          value={form.url}
          onChange={(e) => setForm({ ...form, url: e.target.value })}
          className="w-full rounded border border-slate-300 px-2 py-1"
        />
        <FieldError id="webhook-url-error" messages={fields.url} />
        <label htmlFor="webhook-secret" className="block text-xs font-medium text-slate-700">
          Signing secret (at least 16 characters)
        </label>
        <input
          id="webhook-secret"
          aria-invalid={Boolean(fields.secret)}
          aria-describedby={fields.secret ? "webhook-secret-error" : undefined}
          value={form.secret}
          onChange={(e) => setForm({ ...form, secret: e.target.value })}
          className="w-full rounded border border-slate-300 px-2 py-1"
        />
        <FieldError id="webhook-secret-error" messages={fields.secret} />
        <EventPicker
          legend="Events"
          value={form.events}
          onChange={(events) => setForm({ ...form, events })}
          describedBy={fields.events ? "webhook-events-error" : undefined}
        />
        <FieldError id="webhook-events-error" messages={fields.events} />
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
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span
                data-testid="webhook-state"
                className={`flex items-center gap-1 rounded px-1 text-xs font-medium ${w.active ? "text-emerald-700" : "bg-slate-100 text-slate-700"}`}
              >
                <span
                  aria-hidden="true"
                  className={`h-2 w-2 rounded-full ${w.active ? "bg-emerald-500" : "bg-slate-400"}`}
                />
                {w.active ? "Active" : "Paused"}
              </span>
              <span className="min-w-0 break-all font-mono">
                <bdi>{w.url}</bdi>
              </span>
              <span className="text-xs text-slate-500">{w.events.join(", ")}</span>
              <span className="ml-auto text-xs text-slate-500">
                {Object.entries(w.deliveries)
                  .map(([status, n]) => `${n} ${status}`)
                  .join(" · ")}
              </span>
            </div>
            <div className="mt-1 flex flex-wrap gap-3 text-xs">
              <button
                type="button"
                className="text-brand-600 hover:underline"
                onClick={() =>
                  action.run(async () => {
                    await api(`/api/admin/webhooks/${w.id}/test`, { method: "POST" });
                    setTested(w.id);
                    setOpen(w.id);
                    await Promise.all([mutate(), revalidate(deliveriesKey(w.id))]);
                  })
                }
              >
                Send test event
              </button>
              <button
                type="button"
                className="text-brand-600 hover:underline"
                aria-expanded={editingEvents?.id === w.id}
                onClick={() => setEditingEvents(editingEvents?.id === w.id ? null : { id: w.id, events: w.events })}
              >
                Events…
              </button>
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
            {tested === w.id && (
              <p role="status" className="mt-1 text-xs text-slate-600">
                Test event queued: its delivery appears below.
              </p>
            )}
            {editingEvents?.id === w.id && (
              <form
                className="mt-2 space-y-2 rounded bg-slate-50 p-2 text-xs"
                onSubmit={(e) => {
                  e.preventDefault();
                  void action.run(async () => {
                    await api(`/api/admin/webhooks/${w.id}`, {
                      method: "PATCH",
                      body: { events: editingEvents.events },
                    });
                    setEditingEvents(null);
                    await mutate();
                  });
                }}
              >
                <EventPicker
                  legend={`Events sent to ${w.url}`}
                  value={editingEvents.events}
                  onChange={(events) => setEditingEvents({ id: w.id, events })}
                />
                <Button type="submit" variant="secondary" disabled={editingEvents.events.length === 0}>
                  Save events
                </Button>
              </form>
            )}
            {open === w.id && <DeliveryLog webhookId={w.id} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
