"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { CopyBlock } from "@/components/ui/CopyBlock";
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

/** Picks or creates an agent, adds it to this room, issues a token and shows ready-to-paste setup. */
export function ConnectClaudePanel({ roomId, roomName, onAdded }: Props) {
  const { agents, create, issueToken } = useAgents();
  const [agentId, setAgentId] = useState("");
  const [newName, setNewName] = useState("Claude");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReturnType<typeof setupTexts> | null>(null);

  const connect = async () => {
    setBusy(true);
    setError(null);
    try {
      const chosen = agentId ? agents?.find((a) => a.id === agentId) : undefined;
      const agent = chosen ?? { ...(await create(newName)), name: newName };
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

  return (
    <section aria-label="Connect Claude" className="space-y-2 border-t border-slate-200 p-3 text-sm">
      <h2 className="text-xs font-semibold uppercase text-slate-500">Connect Claude</h2>
      {!result && (
        <>
          <label className="block">
            <span className="text-xs text-slate-600">Agent</span>
            <select value={agentId} onChange={(e) => setAgentId(e.target.value)} className="w-full rounded border border-slate-300 px-1 py-1" aria-label="Agent">
              <option value="">New agent…</option>
              {agents?.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          {!agentId && (
            <input
              aria-label="New agent name"
              value={newName}
              onChange={(e) => setNewName(e.target.value)}
              className="w-full rounded border border-slate-300 px-2 py-1"
            />
          )}
          <Button onClick={connect} disabled={busy || (!agentId && !newName.trim())} className="w-full">
            {busy ? "Connecting…" : "Add to room & get setup"}
          </Button>
          {error && <p className="text-xs text-red-600">{error}</p>}
        </>
      )}
      {result && (
        <div className="space-y-2">
          <p className="text-xs text-amber-700">The token inside is shown only once.</p>
          <p className="text-xs font-medium">Claude Code</p>
          <CopyBlock label="Claude Code command" text={result.claudeCode} />
          <p className="text-xs text-slate-600" data-testid="background-wait">
            Claude Code 2.1.319 or later waits in the background: each wait is an MCP task, so Claude stays free, and
            starts answering on its own when someone speaks. Keep the session open; nothing else to set. (2.1.304–2.1.318:
            tasks are a beta behind feature flags; without them Claude Code waits inside the call, like other clients.
            <code>CLAUDE_CODE_DISABLE_MCP_TASKS=1</code> turns tasks off.)
          </p>
          <p className="text-xs font-medium">Claude Desktop (claude_desktop_config.json)</p>
          <CopyBlock label="Claude Desktop config" text={result.claudeDesktop} />
          <p className="text-xs text-slate-600">
            Claude Desktop, claude.ai and other clients wait inside the call (up to 25 s) and call again, as the prompt asks.
          </p>
          <p className="text-xs font-medium">First prompt</p>
          <CopyBlock label="First prompt" text={result.prompt} />
          <Button variant="ghost" onClick={() => setResult(null)}>
            Done
          </Button>
        </div>
      )}
    </section>
  );
}
