"use client";

import { useState } from "react";
import useSWR from "swr";
import { Button } from "@/components/ui/Button";
import { fetcher } from "@/lib/client/api";
import { sortedKeys } from "@/lib/client/sorted-keys";

type Room = { id: string; name: string; metadata: Record<string, unknown>; lastActivityAt: string };

/** Finds rooms whose metadata has key = value (e.g. status = escalated). */
export function RoomSearch() {
  const [key, setKey] = useState("status");
  const [value, setValue] = useState("");
  const [query, setQuery] = useState<string | null>(null);
  const { data, error, isLoading } = useSWR<{ rooms: Room[] }>(query, fetcher);

  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(`/api/admin/rooms?${new URLSearchParams({ key, value })}`);
        }}
      >
        <label className="text-sm">
          <span className="block font-medium">Key</span>
          <input
            aria-label="Metadata key"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
          />
        </label>
        <span className="pb-1">=</span>
        <label className="text-sm">
          <span className="block font-medium">Value</span>
          <input
            aria-label="Metadata value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
          />
        </label>
        <Button type="submit" disabled={!key}>
          Search
        </Button>
      </form>
      {isLoading && <p className="text-sm text-slate-500">Searching…</p>}
      {error && <p className="text-sm text-red-600">{error.message}</p>}
      {data && data.rooms.length === 0 && <p className="text-sm text-slate-500">No room matches.</p>}
      {data && data.rooms.length > 0 && (
        <table className="w-full text-left text-sm" data-testid="room-results">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1">Room</th>
              <th>Metadata</th>
              <th>Last activity</th>
            </tr>
          </thead>
          <tbody>
            {data.rooms.map((room) => (
              <tr key={room.id} className="border-t border-slate-200 align-top">
                <td className="py-1 font-medium">
                  <bdi>{room.name}</bdi>
                </td>
                <td className="font-mono text-xs">{JSON.stringify(sortedKeys(room.metadata))}</td>
                <td className="text-xs">{new Date(room.lastActivityAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
