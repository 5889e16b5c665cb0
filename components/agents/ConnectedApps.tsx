"use client";

import useSWR from "swr";
import { useAction } from "@/components/ui/useAction";
import { api, fetcher } from "@/lib/client/api";

type Grant = {
  id: string;
  client: { id: string; name: string };
  agent: { id: string; name: string };
  createdAt: string;
  lastUsedAt: string | null;
  endedAt: string | null;
  endedBecause: "code_reused" | "refresh_token_reused" | null;
};

// Why Parley ended a connection, in words: both mean a one-time secret may have been copied.
const ENDED_BECAUSE = {
  code_reused: "its sign-in code was used twice",
  refresh_token_reused: "an old token of it was used again",
};

/** Applications connected through OAuth (e.g. claude.ai connectors); disconnecting stops them at once. */
export function ConnectedApps() {
  const { data, mutate } = useSWR<{ grants: Grant[] }>("/api/oauth/grants", fetcher);
  const action = useAction();
  return (
    <section className="rounded border border-slate-200 bg-white p-3" aria-label="Connected applications">
      <h2 className="font-medium">Connected applications</h2>
      <p className="text-xs text-slate-500">
        Clients you approved through “Connect to Parley” (for example a claude.ai connector).
      </p>
      {action.error && <p className="mt-2 text-sm text-red-600">{action.error}</p>}
      {data?.grants.length === 0 && <p className="mt-2 text-sm text-slate-500">None yet.</p>}
      <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="connected-apps">
        {data?.grants.map((g) =>
          g.endedAt ? (
            <li key={g.id} className="py-1" data-testid="ended-app">
              <span className="font-medium text-slate-500 line-through">
                <bdi>{g.client.name}</bdi>
              </span>{" "}
              <span className="text-slate-500">
                as <bdi>{g.agent.name}</bdi>
              </span>
              <p className="text-xs text-red-700">
                Disconnected by Parley on {new Date(g.endedAt).toLocaleString()}:{" "}
                {g.endedBecause && ENDED_BECAUSE[g.endedBecause]}, which can mean someone copied it. Connect again from
                the application if you trust it.
              </p>
            </li>
          ) : (
            <li key={g.id} className="flex items-center gap-2 py-1">
              <span className="font-medium">
                <bdi>{g.client.name}</bdi>
              </span>
              <span className="text-slate-500">
                as <bdi>{g.agent.name}</bdi>
              </span>
              <span className="ml-auto text-xs text-slate-500">
                last used {g.lastUsedAt ? new Date(g.lastUsedAt).toLocaleString() : "never"}
              </span>
              <button
                type="button"
                className="text-xs text-red-600 hover:underline"
                onClick={() =>
                  action.run(async () => {
                    await api(`/api/oauth/grants/${g.id}`, { method: "DELETE" });
                    await mutate();
                  })
                }
              >
                Disconnect
              </button>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
