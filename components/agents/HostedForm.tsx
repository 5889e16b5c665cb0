"use client";

import { type ReactNode, useId, useState } from "react";
import useSWR from "swr";
import { Button } from "@/components/ui/Button";
import { DEFAULT_SYSTEM_PROMPT } from "@/lib/agents/hosted/prompt";
import type { HostedSettingsView, ModelList } from "@/lib/agents/hosted/settings-view";
import { ApiError, api } from "@/lib/client/api";

type Form = {
  model: string;
  systemPrompt: string;
  replyRule: "all" | "mentions";
  dailyTokenBudget: string;
  enabled: boolean;
  apiKey: string;
};

const formOf = (hosted: HostedSettingsView | null): Form => ({
  model: hosted?.model ?? "",
  systemPrompt: hosted?.systemPrompt ?? "",
  replyRule: hosted?.replyRule ?? "mentions",
  dailyTokenBudget: hosted?.dailyTokenBudget?.toString() ?? "",
  enabled: hosted?.enabled ?? true,
  apiKey: "",
});

const input = "w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm";

type Props = {
  agentId: string;
  hosted: HostedSettingsView | null;
  submitLabel: string;
  onSaved: (hosted: HostedSettingsView) => void;
  onCancel?: () => void;
};

/**
 * How Parley runs an agent: the model (one of those the API says the key can use; the newest Sonnet by
 * default), the reply rule, system prompt, daily budget and key. The server checks the key and the model
 * again when saving, and answers a 422 naming the field it refuses.
 */
export function HostedForm({ agentId, hosted, submitLabel, onSaved, onCancel }: Props) {
  const [form, setForm] = useState(() => formOf(hosted));
  // The key the model list was asked with: a typed one once its field is left, else the stored or server key.
  const [listedWith, setListedWith] = useState("");
  const models = useSWR<ModelList, ApiError>(
    [`/api/agents/${agentId}/hosted/models`, listedWith],
    ([path, key]: [string, string]) => api<ModelList>(path, key ? { headers: { "x-anthropic-api-key": key } } : {}),
  );
  const [errors, setErrors] = useState<{ message: string; fields: Record<string, string[]> } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Form>(field: K, value: Form[K]) => setForm((f) => ({ ...f, [field]: value }));
  const ids = useId();
  const model = form.model || models.data?.defaultModel || "";
  const listError = models.error?.fields?.apiKey?.join(" ") ?? models.error?.message;
  const fieldError = (field: string) =>
    errors?.fields[field]?.length ? (
      <span id={`${ids}-${field}`} className="block text-xs text-red-600">
        {errors.fields[field].join(" ")}
      </span>
    ) : null;

  const submit = async () => {
    setBusy(true);
    setErrors(null);
    try {
      const saved = await api<{ hosted: HostedSettingsView }>(`/api/agents/${agentId}/hosted`, {
        method: "PUT",
        body: {
          ...(model && { model }),
          systemPrompt: form.systemPrompt,
          replyRule: form.replyRule,
          dailyTokenBudget: form.dailyTokenBudget.trim() ? Number(form.dailyTokenBudget) : null,
          enabled: form.enabled,
          ...(form.apiKey.trim() && { apiKey: form.apiKey.trim() }),
        },
      });
      onSaved(saved.hosted);
    } catch (err) {
      setErrors({
        message: err instanceof Error ? err.message : "Could not save",
        fields: err instanceof ApiError ? (err.fields ?? {}) : {},
      });
    } finally {
      setBusy(false);
    }
  };

  const listed = models.data?.models ?? [];
  const gone = model && models.data && !listed.some((m) => m.id === model);
  return (
    <form
      className="grid gap-2 text-sm sm:grid-cols-2"
      data-testid="hosted-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Labelled label="Model" error={fieldError("model")}>
        <select
          className={input}
          value={model}
          disabled={!models.data}
          aria-describedby={errors?.fields.model ? `${ids}-model` : undefined}
          onChange={(e) => set("model", e.target.value)}
        >
          {!models.data && (
            <option value={model}>{models.isLoading ? "Asking the API for models…" : model || "No models"}</option>
          )}
          {gone && <option value={model}>{model} (not available to this key)</option>}
          {listed.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
              {m.deprecated ? " (deprecated)" : ""}
              {m.id === models.data?.defaultModel ? " · recommended" : ""}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled label="Answers">
        <select
          className={input}
          value={form.replyRule}
          onChange={(e) => set("replyRule", e.target.value as Form["replyRule"])}
        >
          <option value="mentions">Only when @mentioned</option>
          <option value="all">Every message from people</option>
        </select>
      </Labelled>
      <Labelled
        label="Anthropic API key"
        error={fieldError("apiKey") ?? (listError && !form.apiKey ? <Hint>{listError}</Hint> : null)}
      >
        <input
          className={input}
          type="password"
          autoComplete="off"
          value={form.apiKey}
          aria-describedby={errors?.fields.apiKey ? `${ids}-apiKey` : undefined}
          placeholder={hosted?.key === "agent" ? "Kept (type a new one to replace it)" : "Empty: the server's key"}
          onChange={(e) => set("apiKey", e.target.value)}
          // The models this key can use, once it is typed.
          onBlur={() => setListedWith(form.apiKey.trim())}
        />
      </Labelled>
      <Labelled label="Daily token budget" error={fieldError("dailyTokenBudget")}>
        <input
          className={input}
          type="number"
          min={1}
          inputMode="numeric"
          placeholder="No limit"
          value={form.dailyTokenBudget}
          onChange={(e) => set("dailyTokenBudget", e.target.value)}
        />
      </Labelled>
      <Labelled label="System prompt" className="sm:col-span-2" error={fieldError("systemPrompt")}>
        <textarea
          className={input}
          rows={3}
          value={form.systemPrompt}
          placeholder={DEFAULT_SYSTEM_PROMPT}
          onChange={(e) => set("systemPrompt", e.target.value)}
        />
      </Labelled>
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
          {busy ? "Checking the key…" : submitLabel}
        </Button>
        {onCancel && (
          <Button type="button" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

function Hint({ children }: { children: ReactNode }) {
  return <span className="block text-xs text-amber-800">{children}</span>;
}

/** A labelled form field with its error underneath. */
function Labelled({
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
