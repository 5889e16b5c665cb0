"use client";

import { useEffect, useState } from "react";
import { fullDate, Time } from "@/components/ui/Time";
import { followOnPage } from "@/lib/client/page-stream";
import type { Heartbeat } from "@/lib/platform/schemas";

type Connection = "connecting" | "live" | "disconnected";

/** The system heartbeat, live over the page's stream; says plainly when the stream is down. */
export function SystemDashboard() {
  const [heartbeat, setHeartbeat] = useState<Heartbeat | null>(null);
  const [received, setReceived] = useState(0);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [since, setSince] = useState<number | null>(null);

  useEffect(() => {
    const follow = followOnPage(
      { admin: true },
      {
        heartbeat(e) {
          setHeartbeat(JSON.parse(e.data) as Heartbeat);
          setReceived((n) => n + 1);
          setConnection("live");
          setSince(null);
        },
      },
      {
        onDrop: () => {
          setConnection("disconnected");
          setSince((s) => s ?? Date.now());
        },
      },
    );
    return () => follow.close();
  }, []);

  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-lg font-semibold">System</h1>
        {connection === "live" ? (
          <span data-testid="system-connection" className="text-sm text-emerald-700">
            ● Live
          </span>
        ) : (
          <span data-testid="system-connection" className="text-sm text-slate-500">
            {connection === "connecting" ? "Connecting…" : "Disconnected"}
          </span>
        )}
      </div>
      {connection === "disconnected" && (
        <div
          role="alert"
          data-testid="system-disconnected"
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900"
        >
          Disconnected from the server{since ? ` since ${new Date(since).toLocaleTimeString()}` : ""}: the figures below
          are not live. Reconnecting…
        </div>
      )}
      {!heartbeat ? (
        <p className="text-sm text-slate-500">Waiting for the first heartbeat…</p>
      ) : (
        <>
          <p className="text-xs text-slate-500" data-testid="heartbeat-meta">
            Instance {heartbeat.server.instance} · version {heartbeat.server.version} · up{" "}
            {formatDuration(heartbeat.uptime_seconds)} · last heartbeat{" "}
            <time data-testid="heartbeat-at" dateTime={heartbeat.at} title={fullDate(heartbeat.at)}>
              {new Date(heartbeat.at).toLocaleTimeString()}
            </time>{" "}
            · <span data-testid="heartbeat-count">{received}</span> received
          </p>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
            <Stat label="Connected clients" value={heartbeat.connected_clients} testId="stat-clients" />
            <Stat label="Events per minute" value={heartbeat.events_per_minute} testId="stat-events" />
            <Stat label="Active rooms" value={heartbeat.active_sessions.length} testId="stat-rooms" />
            <Stat label="Agents waiting" value={heartbeat.agents_waiting} testId="stat-agents" />
            <Stat
              label="Database"
              value={heartbeat.storage.status === "ok" ? `ok (${heartbeat.storage.latency_ms} ms)` : "down"}
              testId="stat-storage"
            />
          </dl>
          <section>
            <h2 className="mb-1 text-sm font-semibold">Active rooms</h2>
            {heartbeat.active_sessions.length === 0 ? (
              <p className="text-sm text-slate-500">No room had activity in the last hour.</p>
            ) : (
              <table className="w-full text-left text-sm" data-testid="active-rooms">
                <thead className="text-xs text-slate-500">
                  <tr>
                    <th className="py-1">Room</th>
                    <th>People</th>
                    <th>Agents</th>
                    <th>Last activity</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {heartbeat.active_sessions.map((s) => (
                    <tr key={s.room_id} className="border-t border-slate-200">
                      <td className="py-1">
                        <bdi className="block">{s.name}</bdi>
                        <span className="block font-mono text-xs text-slate-500">{s.room_id}</span>
                      </td>
                      <td>{s.humans}</td>
                      <td>{s.ai_agents}</td>
                      <td className="text-xs">
                        <Time iso={s.last_activity} format="time" />
                      </td>
                      <td>{s.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section>
            <h2 className="mb-1 text-sm font-semibold">Recent errors</h2>
            {heartbeat.recent_errors.length === 0 ? (
              <p className="text-sm text-slate-500" data-testid="recent-errors">
                None since the instance started.
              </p>
            ) : (
              <ul className="space-y-1 text-xs" data-testid="recent-errors">
                {heartbeat.recent_errors
                  .slice()
                  .reverse()
                  .map((e) => (
                    <li key={`${e.at}${e.requestId ?? ""}${e.msg}`} className="font-mono">
                      <Time iso={e.at} format="time" /> {e.msg}
                      {e.error ? `: ${e.error}` : ""}
                      {e.requestId ? ` (request ${e.requestId})` : ""}
                    </li>
                  ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: number | string; testId: string }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-3">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-xl font-semibold" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}
