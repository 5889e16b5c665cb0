// What the Agents page shows of a hosted agent's settings. Client-safe: no server imports.

export const SUGGESTED_MODELS = ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-5"];

export type HostedSettingsView = {
  model: string;
  systemPrompt: string;
  replyRule: "all" | "mentions";
  dailyTokenBudget: number | null;
  enabled: boolean;
  /** Whose key it answers with: its own, the server's, or none (it cannot answer). */
  key: "agent" | "server" | "none";
  tokensToday: number;
  lastError: string | null;
  lastErrorAt: string | null;
};
