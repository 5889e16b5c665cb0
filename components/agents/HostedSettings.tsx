"use client";

import { useState } from "react";
import useSWR from "swr";
import { Button } from "@/components/ui/Button";
import { useAction } from "@/components/ui/useAction";
import { type HostedSettingsView, tokens } from "@/lib/agents/hosted/settings-view";
import { api, fetcher } from "@/lib/client/api";
import { HostedForm } from "./HostedForm";

const KEY_LABEL: Record<HostedSettingsView["key"], string> = {
  agent: "its own API key",
  server: "the server's API key",
  none: "no API key",
};

/** Whether Parley runs this agent itself (answering with Claude), how, and how it is doing. */
export function HostedSettings({ agentId, agentName }: { agentId: string; agentName: string }) {
  const key = `/api/agents/${agentId}/hosted`;
  const { data, mutate, isLoading } = useSWR<{ hosted: HostedSettingsView | null }>(key, fetcher);
  const hosted = data?.hosted ?? null;
  const [editing, setEditing] = useState(false);
  const action = useAction();
  const saved = async (next: HostedSettingsView | null) => {
    await mutate({ hosted: next }, { revalidate: false });
    setEditing(false);
  };

  if (isLoading) return null;
  return (
    <section
      className="mt-3 rounded border border-slate-200 bg-slate-50 p-2"
      aria-label={`${agentName} hosted by Parley`}
    >
      {!editing && (
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm" data-testid="hosted-summary">
          {hosted ? (
            <Summary hosted={hosted} />
          ) : (
            <p className="text-slate-600">
              Parley can run this agent for you: it answers in its rooms with Claude, nothing else to run.
            </p>
          )}
          <div className="flex gap-2">
            {hosted?.paused && (
              <Button
                onClick={() =>
                  void action.run(async () =>
                    saved((await api<{ hosted: HostedSettingsView }>(`${key}/resume`, { method: "POST" })).hosted),
                  )
                }
              >
                Resume
              </Button>
            )}
            <Button variant="secondary" onClick={() => setEditing(true)}>
              {hosted ? "Change" : "Host with Claude"}
            </Button>
            {hosted && (
              <Button
                variant="ghost"
                onClick={() => {
                  if (
                    confirm(`Stop hosting ${agentName}? Parley stops answering as it, and its own API key is deleted.`)
                  )
                    void action.run(async () => {
                      await api(key, { method: "DELETE" });
                      await saved(null);
                    });
                }}
              >
                Stop hosting
              </Button>
            )}
          </div>
          {action.error && (
            <p role="alert" className="w-full text-xs text-red-700">
              {action.error}
            </p>
          )}
        </div>
      )}
      {editing && (
        <HostedForm
          agentId={agentId}
          hosted={hosted}
          submitLabel="Save"
          onSaved={(next) => void saved(next)}
          onCancel={() => setEditing(false)}
        />
      )}
    </section>
  );
}

function Summary({ hosted }: { hosted: HostedSettingsView }) {
  const state = hosted.paused ? "Paused by Parley" : hosted.enabled ? "Hosted by Parley" : "Hosting paused";
  return (
    <div>
      <p>
        <span className="font-medium">{state}</span> · {hosted.model} · answers{" "}
        {hosted.replyRule === "all" ? "every message" : "@mentions"} · {tokens(hosted.tokensToday)} today
        {hosted.dailyTokenBudget !== null && ` of ${hosted.dailyTokenBudget.toLocaleString("en")}`}
        {hosted.cacheReadTokensToday > 0 &&
          ` (${hosted.cacheReadTokensToday.toLocaleString("en")} read from the prompt cache)`}{" "}
        · {KEY_LABEL[hosted.key]}
      </p>
      {hosted.paused && (
        <p className="text-xs font-medium text-red-700" data-testid="paused-reason">
          Paused since {new Date(hosted.paused.at).toLocaleString()}: {hosted.paused.reason}. Fix the setting (Change)
          or resume it.
        </p>
      )}
      {!hosted.paused && hosted.lastError && (
        <p className="text-xs text-red-700">
          Last error{hosted.lastErrorAt && ` (${new Date(hosted.lastErrorAt).toLocaleString()})`}: {hosted.lastError}
        </p>
      )}
    </div>
  );
}
