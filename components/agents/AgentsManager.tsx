"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { CopyBlock } from "@/components/ui/CopyBlock";
import { useAction } from "@/components/ui/useAction";
import { AgentControls } from "./AgentControls";
import { ConnectedApps } from "./ConnectedApps";
import { HostedSettings } from "./HostedSettings";
import { useAgents } from "./useAgents";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

export function AgentsManager() {
  const { agents, error, isLoading, create, issueToken, revokeToken, refresh } = useAgents();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const [fresh, setFresh] = useState<{ agentId: string; token: string } | null>(null);
  const action = useAction();

  return (
    <div className="mx-auto w-full max-w-3xl space-y-6 p-4">
      <div>
        <h1 className="text-xl font-semibold">Agents</h1>
        <p className="text-sm text-slate-600">
          AI participants you own. Give one a token, add it to a room, and connect Claude (or any MCP client) as it.
        </p>
      </div>
      <form
        className="flex flex-wrap items-end gap-2 rounded border border-slate-200 bg-white p-3"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await create(name, description);
            setName("");
            setDescription("");
            setFormError(null);
          } catch (err) {
            setFormError(err instanceof Error ? err.message : "Could not create the agent");
          }
        }}
      >
        <label className="text-sm">
          <span className="block font-medium">Name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
            aria-label="Agent name"
          />
        </label>
        <label className="flex-1 text-sm">
          <span className="block font-medium">Description (optional)</span>
          <input
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            className="w-full rounded border border-slate-300 px-2 py-1"
            aria-label="Agent description"
          />
        </label>
        <Button type="submit" disabled={!name.trim()}>
          Create agent
        </Button>
        {formError && <p className="w-full text-sm text-red-600">{formError}</p>}
      </form>

      {action.error && (
        <p role="alert" className="text-sm text-red-600">
          {action.error}
        </p>
      )}
      {isLoading && <p className="text-sm text-slate-500">Loading agents…</p>}
      {error && <p className="text-sm text-red-600">Could not load your agents.</p>}
      {agents?.length === 0 && <p className="text-sm text-slate-500">No agents yet: create one above.</p>}

      <ConnectedApps />

      <ul className="space-y-4" data-testid="agents">
        {agents?.map((agent) => (
          <li
            key={agent.id}
            id={`agent-${agent.id}`}
            className="scroll-mt-4 rounded border border-slate-200 bg-white p-3"
          >
            <div className="flex items-center justify-between">
              <div>
                <p className="font-medium">
                  <bdi>{agent.name}</bdi>
                </p>
                {agent.description && <p className="text-sm text-slate-600">{agent.description}</p>}
                <p className="text-xs text-slate-500">
                  {agent.rooms.length ? `In ${agent.rooms.map((r) => r.name).join(", ")}` : "Not in any room yet"}
                </p>
              </div>
              {/* Parley runs a hosted agent: a token would put a second loop behind it. */}
              {!agent.hosted && (
                <Button
                  variant="secondary"
                  onClick={() =>
                    action.run(async () => setFresh({ agentId: agent.id, token: await issueToken(agent.id) }))
                  }
                >
                  New token
                </Button>
              )}
            </div>
            <AgentControls agent={agent} onChanged={() => void refresh()} />
            <HostedSettings agentId={agent.id} agentName={agent.name} />
            {fresh?.agentId === agent.id && (
              <div className="mt-2">
                <p className="text-xs font-medium text-amber-700">Copy this token now: it is shown only once.</p>
                <CopyBlock label="Agent token" text={fresh.token} />
              </div>
            )}
            {agent.tokens.length > 0 && (
              <table className="mt-2 w-full text-left text-xs">
                <thead className="text-slate-500">
                  <tr>
                    <th className="py-1">Token</th>
                    <th>Created</th>
                    <th>Last used</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {agent.tokens.map((t) => (
                    <tr key={t.id} className={t.revokedAt ? "text-slate-400 line-through" : ""}>
                      <td className="py-1 font-mono">{t.prefix}…</td>
                      <td>{when(t.createdAt)}</td>
                      <td>{when(t.lastUsedAt)}</td>
                      <td className="text-right">
                        {t.revokedAt ? (
                          "revoked"
                        ) : (
                          <button
                            type="button"
                            className="text-red-600 hover:underline"
                            aria-label={`Revoke token ${t.prefix}…`}
                            onClick={() =>
                              confirm(
                                `Revoke the token ${t.prefix}… of ${agent.name}? Anything connected with it stops working at once.`,
                              ) && action.run(() => revokeToken(agent.id, t.id))
                            }
                          >
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
