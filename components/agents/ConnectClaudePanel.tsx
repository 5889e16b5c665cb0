"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { CopyBlock } from "@/components/ui/CopyBlock";
import { Dialog } from "@/components/ui/Dialog";
import { freeAgentName } from "@/lib/agents/names";
import { api } from "@/lib/client/api";
import { HostedForm } from "./HostedForm";
import { useAgents } from "./useAgents";

type Props = { roomId: string; roomName: string; onAdded: () => void };

function setupTexts({
  origin,
  token,
  agentName,
  roomId,
  roomName,
}: {
  origin: string;
  token: string;
  agentName: string;
  roomId: string;
  roomName: string;
}) {
  const url = `${origin}/api/mcp`;
  return {
    claudeCode: `claude mcp add --transport http parley ${url} --header "Authorization: Bearer ${token}"`,
    claudeDesktop: JSON.stringify(
      {
        mcpServers: {
          parley: {
            command: "npx",
            // mcp-remote expands ${PARLEY_AUTH} from env itself; keeping the token out of args keeps it out of `ps`.
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder for mcp-remote, not a template
            args: ["-y", "mcp-remote", url, "--header", "Authorization:${PARLEY_AUTH}"],
            env: { PARLEY_AUTH: `Bearer ${token}` },
          },
        },
      },
      null,
      2,
    ),
    prompt: `You are ${agentName}, a participant in the Parley room "${roomName}" (room_id: ${roomId}), connected through the "parley" MCP server. Call get_pending_messages with room_id "${roomId}", answer what people say with send_message (reply_to_seq = the seq you answer), and keep calling get_pending_messages exactly as its next_poll_instruction tells you, without stopping to ask me.`,
  };
}

/**
 * "Connect Claude" in the room's side panel: a button that opens a wide dialog, where one picks one of
 * one's agents or names a new one (a free name is proposed), then gets a token and ready-to-paste setup.
 */
export function ConnectClaudePanel({ roomId, roomName, onAdded }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <section aria-label="Connect Claude" className="space-y-2 border-t border-slate-200 p-3 text-sm">
      <h2 className="text-xs font-semibold uppercase text-slate-500">Connect Claude</h2>
      <p className="text-xs text-slate-600">
        Add an AI agent to this room: hosted by Parley with Claude, or run in Claude Code or Claude Desktop.
      </p>
      <Button variant="secondary" className="w-full" onClick={() => setOpen(true)}>
        Connect Claude…
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Connect Claude to “${roomName}”`}>
        {open && <ConnectClaude roomId={roomId} roomName={roomName} onAdded={onAdded} onDone={() => setOpen(false)} />}
      </Dialog>
    </section>
  );
}

type Step =
  | { kind: "choose" }
  | { kind: "host"; agentId: string; agentName: string }
  | { kind: "hosted"; agentName: string }
  | { kind: "setup"; texts: ReturnType<typeof setupTexts> };

/**
 * The dialog's steps: pick an agent or name a new one; then, for a new agent (or one with no live token),
 * host it with Claude (Parley runs it: a model from the API's list, no token) or run it in Claude Code or
 * Desktop (a token and the setup). An agent Parley already hosts gets no token (a second loop would answer
 * as it too): the dialog shows how its hosting stands and links to its settings.
 */
function ConnectClaude({ roomId, roomName, onAdded, onDone }: Props & { onDone: () => void }) {
  const { agents, create, issueToken, refresh } = useAgents();
  const [agentId, setAgentId] = useState("");
  // Until the person types, the proposed name follows their agents (a free one, never a taken one).
  const [typedName, setTypedName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [step, setStep] = useState<Step>({ kind: "choose" });

  const names = agents?.map((a) => a.name) ?? [];
  const newName = typedName ?? freeAgentName("Claude", names);
  const chosen = agentId ? agents?.find((a) => a.id === agentId) : undefined;
  const sameName = !agentId ? agents?.find((a) => a.name === newName.trim()) : undefined;
  const inRoom = chosen?.rooms.some((r) => r.id === roomId) ?? false;
  const canHost = !chosen || (!chosen.hosted && chosen.tokens.every((t) => t.revokedAt));

  /** The chosen agent (created when new), in the room. */
  const seated = async () => {
    const agent = chosen ?? { ...(await create(newName.trim())), name: newName.trim() };
    await api(`/api/rooms/${roomId}/participants`, { body: { agentId: agent.id } });
    onAdded();
    refresh();
    return agent;
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not connect the agent");
    } finally {
      setBusy(false);
    }
  };
  const runInClaude = () =>
    run(async () => {
      const agent = await seated();
      const token = await issueToken(agent.id);
      setStep({
        kind: "setup",
        texts: setupTexts({ origin: window.location.origin, token, agentName: agent.name, roomId, roomName }),
      });
    });
  const hostWithClaude = () =>
    run(async () => {
      const agent = await seated();
      setStep({ kind: "host", agentId: agent.id, agentName: agent.name });
    });

  if (step.kind === "host") {
    return (
      <div className="space-y-3 text-sm">
        <p>
          Parley runs <strong>{step.agentName}</strong> and answers in this room with Claude. Pick a model (the list is
          what the API key can use) and start.
        </p>
        <HostedForm
          agentId={step.agentId}
          hosted={null}
          submitLabel="Start hosting"
          onSaved={() => {
            refresh();
            setStep({ kind: "hosted", agentName: step.agentName });
          }}
        />
      </div>
    );
  }
  if (step.kind === "hosted") {
    return (
      <div className="space-y-3 text-sm" data-testid="hosting-started">
        <p>
          <strong>{step.agentName}</strong> is hosted by Parley. Write <code>@{step.agentName}</code> in the room and it
          answers.
        </p>
        <Button onClick={onDone}>Done</Button>
      </div>
    );
  }
  if (step.kind === "setup") return <Setup texts={step.texts} onDone={onDone} />;

  return (
    <form
      className="space-y-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const hosted = chosen?.hosted ? chosen : undefined;
        void (hosted
          ? run(async () => {
              await seated();
              setStep({ kind: "hosted", agentName: hosted.name });
            })
          : runInClaude());
      }}
    >
      <label className="block">
        <span className="block font-medium">Agent</span>
        <select
          value={agentId}
          onChange={(e) => setAgentId(e.target.value)}
          className="w-full rounded border border-slate-300 bg-white px-2 py-1"
          aria-label="Agent"
        >
          <option value="">A new agent</option>
          {agents?.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} (yours{a.hosted ? ", hosted by Parley" : ""}
              {a.rooms.some((r) => r.id === roomId) ? ", in this room" : ""})
            </option>
          ))}
        </select>
      </label>
      {!agentId && (
        <label className="block">
          <span className="block font-medium">Name of the new agent</span>
          <input
            aria-label="New agent name"
            aria-describedby={sameName ? "agent-name-taken" : undefined}
            value={newName}
            maxLength={40}
            onChange={(e) => setTypedName(e.target.value)}
            className="w-full rounded border border-slate-300 px-2 py-1"
          />
        </label>
      )}
      {sameName && (
        <p id="agent-name-taken" className="text-xs text-amber-800" data-testid="agent-name-taken">
          You already have an agent named “{sameName.name}”.{" "}
          <button
            type="button"
            className="font-medium text-brand-600 underline"
            onClick={() => setAgentId(sameName.id)}
          >
            Use it
          </button>{" "}
          or choose another name ({freeAgentName(sameName.name, names)} is free).
        </p>
      )}
      {chosen?.hosted ? (
        <div className="space-y-2 rounded border border-slate-200 bg-slate-50 p-2" data-testid="hosting-status">
          <p>
            Parley hosts {chosen.name} ({chosen.hosted.model}):{" "}
            {chosen.hosted.paused
              ? `paused, ${chosen.hosted.paused}.`
              : chosen.hosted.enabled
                ? "it answers by itself, no token needed."
                : "paused by you."}{" "}
            <a className="font-medium text-brand-600 underline" href={`/agents#agent-${chosen.id}`}>
              Hosting settings
            </a>
          </p>
          {!inRoom && (
            <Button type="submit" disabled={busy}>
              {busy ? "Adding…" : "Add to room"}
            </Button>
          )}
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          {canHost && (
            <Button
              type="button"
              onClick={() => void hostWithClaude()}
              disabled={busy || !agents || (!agentId && (!newName.trim() || Boolean(sameName)))}
            >
              Host with Claude
            </Button>
          )}
          <Button
            type="submit"
            variant={canHost ? "secondary" : "primary"}
            disabled={busy || !agents || (!agentId && (!newName.trim() || Boolean(sameName)))}
          >
            {busy ? "Connecting…" : "Run it in Claude Code or Desktop"}
          </Button>
        </div>
      )}
      {canHost && !chosen?.hosted && (
        <p className="text-xs text-slate-600">
          Host with Claude: Parley answers as the agent with the Anthropic API, nothing to run. Claude Code or Desktop:
          you get a token and the setup, and Claude runs on your machine.
        </p>
      )}
      {error && (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      )}
    </form>
  );
}

function Setup({ texts, onDone }: { texts: ReturnType<typeof setupTexts>; onDone: () => void }) {
  return (
    <div className="space-y-2 text-sm">
      <p className="text-amber-800">The token inside is shown only once: copy what you need now.</p>
      <p className="font-medium">Claude Code</p>
      <CopyBlock label="Claude Code command" text={texts.claudeCode} />
      <p className="text-xs text-slate-600" data-testid="background-wait">
        Claude Code 2.1.319 or later waits in the background: each wait is an MCP task, so Claude stays free, and starts
        answering on its own when someone speaks. Keep the session open; nothing else to set. (2.1.304–2.1.318: tasks
        are a beta behind feature flags; without them Claude Code waits inside the call, like other clients.
        <code>CLAUDE_CODE_DISABLE_MCP_TASKS=1</code> turns tasks off.)
      </p>
      <p className="font-medium">Claude Desktop (claude_desktop_config.json)</p>
      <CopyBlock label="Claude Desktop config" text={texts.claudeDesktop} />
      <p className="text-xs text-slate-600">
        Claude Desktop, claude.ai and other clients wait inside the call (up to 25 s) and call again, as the prompt
        asks.
      </p>
      <p className="font-medium">First prompt</p>
      <CopyBlock label="First prompt" text={texts.prompt} />
      <Button onClick={onDone}>Done</Button>
    </div>
  );
}
