"use client";

import useSWR from "swr";
import { api, fetcher } from "@/lib/client/api";

export type AgentToken = {
  id: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
export type AgentSummary = {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
  rooms: { id: string; name: string }[];
  tokens: AgentToken[];
  /** Set when Parley runs the agent: its model, its owner's switch, and why Parley paused it. */
  hosted: { model: string; enabled: boolean; paused: string | null } | null;
};

export function useAgents() {
  const { data, error, isLoading, mutate } = useSWR<{ agents: AgentSummary[] }>("/api/agents", fetcher);
  return {
    agents: data?.agents,
    error,
    isLoading,
    refresh: () => mutate(),
    create: async (name: string, description?: string) => {
      const { agent } = await api<{ agent: { id: string } }>("/api/agents", {
        body: { name, description: description || undefined },
      });
      await mutate();
      return agent;
    },
    issueToken: async (agentId: string) => {
      const issued = await api<{ token: string }>(`/api/agents/${agentId}/tokens`, { method: "POST" });
      await mutate();
      return issued.token;
    },
    revokeToken: async (agentId: string, tokenId: string) => {
      await api(`/api/agents/${agentId}/tokens/${tokenId}`, { method: "DELETE" });
      await mutate();
    },
  };
}
