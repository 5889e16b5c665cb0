"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { CopyBlock } from "@/components/ui/CopyBlock";
import { Dialog } from "@/components/ui/Dialog";
import { freeAgentName } from "@/lib/agents/names";
import { api } from "@/lib/client/api";
import { useAgents } from "./useAgents";

type Props = { roomId: string; roomName: string; onAdded: () => void };

function setupTexts({ origin, token, agentName, roomId, roomName }: { origin: string; token: string; agentName: string; roomId: string; roomName: string }) {
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
      <p className="text-xs text-slate-600">Add an AI agent to this room and get the setup for Claude Code or Claude Desktop.</p>
      <Button variant="secondary" className="w-full" onClick={() => setOpen(true)}>
        Connect Claude…
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Connect Claude to “${roomName}”`}>
        {open && <ConnectClaude roomId={roomId} roomName={roomName} onAdded={onAdded} onDone={() => setOpen(false)} />}
      </Dialog>
    </section>
  );
}

function ConnectClaude({ roomId, roomName, onAdded, onDone }: Props & { onDone: () => void }) {
  const { agents, create, issueToken } = useAgents();
  const [agentId, setAgentId] = useState("");
  // Until the person types, the proposed name follows their agents (a free one, never a taken one).
  const [typedName, setTypedName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReturnType<typeof setupTexts> | null>(null);

  const names = agents?.map((a) => a.name) ?? [];
  const newName = typedName ?? freeAgentName("Claude", names);
  const sameName = !agentId ? agents?.find((a) => a.name === newName.trim()) : undefined;

  const connect = async () => {
    setBusy(true);
    setError(null);
    try {
      const chosen = agentId ? agents?.find((a) => a.id === agentId) : undefined;
      const agent = chosen ?? { ...(await create(newName.trim())), name: newName.trim() };
      await api(`/api/rooms/${roomId}/participants`, { body: { agentId: agent.id } });
      const token = await issueToken(agent.id);
      setResult(setupTexts({ origin: window.location.origin, token, agentName: agent.name, roomId, roomName }));
      onAdded();
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not connect the agent");
    } finally {
      setBusy(false);
    }
  };

  if (!result) {
    return (
      <form
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          void connect();
        }}
      >
        <label className="block">
          <span className="block font-medium">Agent</span>
          <select value={agentId} onChange={(e) => setAgentId(e.target.value)} className="w-full rounded border border-slate-300 px-2 py-1" aria-label="Agent">
            <option value="">A new agent</option>
            {agents?.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} (yours{a.rooms.some((r) => r.id === roomId) ? ", in this room" : ""})
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
            <button type="button" className="font-medium text-brand-600 underline" onClick={() => setAgentId(sameName.id)}>
              Use it
            </button>{" "}
            or choose another name ({freeAgentName(sameName.name, names)} is free).
          </p>
        )}
        <Button type="submit" disabled={busy || !agents || (!agentId && (!newName.trim() || Boolean(sameName)))}>
          {busy ? "Connecting…" : "Add to room & get setup"}
        </Button>
        {error && (
          <p role="alert" className="text-xs text-red-600">
            {error}
          </p>
        )}
      </form>
    );
  }

  return (
    <div className="space-y-2 text-sm">
      <p className="text-amber-800">The token inside is shown only once: copy what you need now.</p>
      <p className="font-medium">Claude Code</p>
      <CopyBlock label="Claude Code command" text={result.claudeCode} />
      <p className="text-xs text-slate-600" data-testid="background-wait">
        Claude Code 2.1.319 or later waits in the background: each wait is an MCP task, so Claude stays free, and
        starts answering on its own when someone speaks. Keep the session open; nothing else to set. (2.1.304–2.1.318:
        tasks are a beta behind feature flags; without them Claude Code waits inside the call, like other clients.
        <code>CLAUDE_CODE_DISABLE_MCP_TASKS=1</code> turns tasks off.)
      </p>
      <p className="font-medium">Claude Desktop (claude_desktop_config.json)</p>
      <CopyBlock label="Claude Desktop config" text={result.claudeDesktop} />
      <p className="text-xs text-slate-600">
        Claude Desktop, claude.ai and other clients wait inside the call (up to 25 s) and call again, as the prompt asks.
      </p>
      <p className="font-medium">First prompt</p>
      <CopyBlock label="First prompt" text={result.prompt} />
      <Button onClick={onDone}>Done</Button>
    </div>
  );
}
