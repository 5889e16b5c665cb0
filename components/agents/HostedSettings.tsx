"use client";

import { type ReactNode, useState } from "react";
import useSWR from "swr";
import { Button } from "@/components/ui/Button";
import { type HostedSettingsView, SUGGESTED_MODELS } from "@/lib/agents/hosted/settings-view";
import { ApiError, api, fetcher } from "@/lib/client/api";

type Form = {
  model: string;
  systemPrompt: string;
  replyRule: "all" | "mentions";
  dailyTokenBudget: string;
  enabled: boolean;
  apiKey: string;
};

const formOf = (hosted: HostedSettingsView | null): Form => ({
  model: hosted?.model ?? SUGGESTED_MODELS[0],
  systemPrompt: hosted?.systemPrompt ?? "",
  replyRule: hosted?.replyRule ?? "mentions",
  dailyTokenBudget: hosted?.dailyTokenBudget?.toString() ?? "",
  enabled: hosted?.enabled ?? true,
  apiKey: "",
});

const input = "w-full rounded border border-slate-300 px-2 py-1 text-sm";

/** Whether Parley runs this agent itself (answering with Claude), and how. */
export function HostedSettings({ agentId, agentName }: { agentId: string; agentName: string }) {
  const key = `/api/agents/${agentId}/hosted`;
  const { data, mutate, isLoading } = useSWR<{ hosted: HostedSettingsView | null }>(key, fetcher);
  const hosted = data?.hosted ?? null;
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<{ message: string; fields: Record<string, string[]> } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Form>(field: K, value: Form[K]) => setForm((f) => f && { ...f, [field]: value });
  const fieldError = (field: string) =>
    errors?.fields[field]?.length ? (
      <span className="block text-xs text-red-600">{errors.fields[field].join(" ")}</span>
    ) : null;

  const submit = async (remove = false) => {
    setBusy(true);
    setErrors(null);
    try {
      if (remove) await api(key, { method: "DELETE" });
      else if (form)
        await api(key, {
          method: "PUT",
          body: {
            model: form.model,
            systemPrompt: form.systemPrompt,
            replyRule: form.replyRule,
            dailyTokenBudget: form.dailyTokenBudget.trim() ? Number(form.dailyTokenBudget) : null,
            enabled: form.enabled,
            ...(form.apiKey.trim() && { apiKey: form.apiKey.trim() }),
          },
        });
      await mutate();
      setForm(null);
    } catch (err) {
      setErrors({
        message: err instanceof Error ? err.message : "Could not save",
        fields: err instanceof ApiError ? (err.fields ?? {}) : {},
      });
    } finally {
      setBusy(false);
    }
  };

  if (isLoading) return null;
  return (
    <section
      className="mt-3 rounded border border-slate-200 bg-slate-50 p-2"
      aria-label={`${agentName} hosted by Parley`}
    >
      {!form && (
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm" data-testid="hosted-summary">
          {hosted ? (
            <p>
              <span className="font-medium">{hosted.enabled ? "Hosted by Parley" : "Hosting paused"}</span> ·{" "}
              {hosted.model} · answers {hosted.replyRule === "all" ? "every message" : "@mentions"} ·{" "}
              {hosted.tokensToday.toLocaleString()} tokens today
              {hosted.dailyTokenBudget !== null && ` of ${hosted.dailyTokenBudget.toLocaleString()}`} ·{" "}
              {hosted.key === "agent"
                ? "its own API key"
                : hosted.key === "server"
                  ? "the server's API key"
                  : "no API key"}
              {hosted.lastError && (
                <span className="block text-xs text-red-700">
                  Last error{hosted.lastErrorAt && ` (${new Date(hosted.lastErrorAt).toLocaleString()})`}:{" "}
                  {hosted.lastError}
                </span>
              )}
            </p>
          ) : (
            <p className="text-slate-600">
              Parley can run this agent for you: it answers in its rooms with Claude, nothing else to run.
            </p>
          )}
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setForm(formOf(hosted))}>
              {hosted ? "Change" : "Host with Claude"}
            </Button>
            {hosted && (
              <Button
                variant="ghost"
                disabled={busy}
                onClick={() => {
                  if (
                    confirm(`Stop hosting ${agentName}? Parley stops answering as it, and its own API key is deleted.`)
                  )
                    void submit(true);
                }}
              >
                Stop hosting
              </Button>
            )}
          </div>
        </div>
      )}
      {form && (
        <form
          className="grid gap-2 text-sm sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Field label="Model" error={fieldError("model")}>
            <input
              className={input}
              list={`models-${agentId}`}
              value={form.model}
              onChange={(e) => set("model", e.target.value)}
            />
            <datalist id={`models-${agentId}`}>
              {SUGGESTED_MODELS.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </Field>
          <Field label="Answers">
            <select
              className={input}
              value={form.replyRule}
              onChange={(e) => set("replyRule", e.target.value as Form["replyRule"])}
            >
              <option value="mentions">Only when @mentioned</option>
              <option value="all">Every message from people</option>
            </select>
          </Field>
          <Field label="System prompt" className="sm:col-span-2" error={fieldError("systemPrompt")}>
            <textarea
              className={input}
              rows={3}
              value={form.systemPrompt}
              placeholder="You are a helpful participant in a group chat. Reply concisely, in Markdown."
              onChange={(e) => set("systemPrompt", e.target.value)}
            />
          </Field>
          <Field label="Daily token budget" error={fieldError("dailyTokenBudget")}>
            <input
              className={input}
              type="number"
              min={1}
              inputMode="numeric"
              placeholder="No limit"
              value={form.dailyTokenBudget}
              onChange={(e) => set("dailyTokenBudget", e.target.value)}
            />
          </Field>
          <Field label="Anthropic API key" error={fieldError("apiKey")}>
            <input
              className={input}
              type="password"
              autoComplete="off"
              value={form.apiKey}
              placeholder={hosted?.key === "agent" ? "Kept (type a new one to replace it)" : "Empty: the server's key"}
              onChange={(e) => set("apiKey", e.target.value)}
            />
          </Field>
          <label className="flex items-center gap-2 sm:col-span-2">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set("enabled", e.target.checked)} />
            Answering (untick to pause)
          </label>
          {errors && !Object.keys(errors.fields).length && (
            <p role="alert" className="text-red-600 sm:col-span-2">
              {errors.message}
            </p>
          )}
          <div className="flex gap-2 sm:col-span-2">
            <Button type="submit" disabled={busy}>
              {busy ? "Saving…" : "Save"}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setForm(null)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

/** A labelled form field with its error underneath. */
function Field({
  label,
  error,
  className,
  children,
}: {
  label: string;
  error?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control comes in as `children`
    <label className={className}>
      <span className="block font-medium">{label}</span>
      {children}
      {error}
    </label>
  );
}
