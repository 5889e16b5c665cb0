"use client";

import { useState } from "react";
import useSWR from "swr";
import { Button } from "@/components/ui/Button";
import { useAction } from "@/components/ui/useAction";
import { api, fetcher } from "@/lib/client/api";
import type { AgentSummary } from "./useAgents";

/** On the agents page, for one agent: add it to one of your rooms, rename it, or delete it (after asking). */
export function AgentControls({ agent, onChanged }: { agent: AgentSummary; onChanged: () => void }) {
  const { data } = useSWR<{ rooms: { id: string; name: string; direct?: boolean }[] }>("/api/rooms", fetcher);
  // Direct rooms take no agents.
  const rooms = (data?.rooms ?? []).filter((r) => !r.direct && !agent.rooms.some((a) => a.id === r.id));
  const [roomId, setRoomId] = useState("");
  const [renaming, setRenaming] = useState<{ name: string; description: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const action = useAction();
  const done = () => {
    setRenaming(null);
    setRoomId("");
    onChanged();
  };

  return (
    <div className="mt-2 space-y-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              await api(`/api/rooms/${roomId}/participants`, { body: { agentId: agent.id } });
              done();
            });
          }}
        >
          <select
            aria-label={`Add ${agent.name} to a room`}
            value={roomId}
            onChange={(e) => setRoomId(e.target.value)}
            className="max-w-48 rounded border border-slate-300 bg-white px-1 py-1"
          >
            <option value="">{rooms.length ? "Add to a room…" : "In all your rooms"}</option>
            {rooms.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
          <Button type="submit" variant="secondary" disabled={!roomId}>
            Add
          </Button>
        </form>
        <Button
          variant="ghost"
          onClick={() => setRenaming(renaming ? null : { name: agent.name, description: agent.description ?? "" })}
        >
          Rename
        </Button>
        <Button variant="ghost" className="text-red-700" onClick={() => setConfirmDelete(true)}>
          Delete
        </Button>
      </div>
      {renaming && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              await api(`/api/agents/${agent.id}`, { method: "PATCH", body: renaming });
              done();
            });
          }}
        >
          <label className="text-xs">
            <span className="block font-medium">New name</span>
            <input
              value={renaming.name}
              onChange={(e) => setRenaming({ ...renaming, name: e.target.value })}
              className="rounded border border-slate-300 px-2 py-1 text-sm"
            />
          </label>
          <label className="flex-1 text-xs">
            <span className="block font-medium">Description</span>
            <input
              value={renaming.description}
              onChange={(e) => setRenaming({ ...renaming, description: e.target.value })}
              className="w-full rounded border border-slate-300 px-2 py-1 text-sm"
            />
          </label>
          <Button type="submit">Save</Button>
          <Button type="button" variant="ghost" onClick={() => setRenaming(null)}>
            Cancel
          </Button>
        </form>
      )}
      {confirmDelete && (
        <div role="alertdialog" aria-label={`Delete ${agent.name}?`} className="space-y-2 rounded bg-red-50 p-2">
          <p>
            Delete <bdi>{agent.name}</bdi>? It leaves{" "}
            {agent.rooms.length === 1 ? "its room" : `its ${agent.rooms.length} rooms`}, and its tokens and connected
            apps stop working at once. Its messages stay.
          </p>
          <div className="flex gap-2">
            <Button
              variant="danger"
              onClick={() =>
                void action.run(async () => {
                  await api(`/api/agents/${agent.id}`, { method: "DELETE" });
                  onChanged();
                })
              }
            >
              Delete {agent.name}
            </Button>
            <Button variant="secondary" onClick={() => setConfirmDelete(false)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {action.error && (
        <p role="alert" className="text-red-600">
          {action.error}
        </p>
      )}
    </div>
  );
}
