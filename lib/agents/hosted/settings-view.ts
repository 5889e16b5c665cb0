// What the Agents page shows of a hosted agent's settings, and the models it may pick. Client-safe: no server imports.

export type HostedSettingsView = {
  model: string;
  systemPrompt: string;
  replyRule: "all" | "mentions";
  dailyTokenBudget: number | null;
  /** Its owner's switch: off, it does not answer. */
  enabled: boolean;
  /** Whose key it answers with: its own, the server's, or none (it cannot answer). */
  key: "agent" | "server" | "none";
  /** Every token its replies used since midnight UTC (in, out, and read from or written to the prompt cache). */
  tokensToday: number;
  /** Of tokensToday, those read from the prompt cache (billed at a tenth of the input price). */
  cacheReadTokensToday: number;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Parley paused it (a refused key, a model that is gone, failures in a row) until its owner resumes it. */
  paused: { at: string; reason: string } | null;
};

/** A model the key can use, as the API names it. */
export type ModelChoice = { id: string; name: string; deprecated: boolean };

/** GET /api/agents/:agentId/hosted/models */
export type ModelList = { models: ModelChoice[]; defaultModel: string | null };

/** "1 token", "2 tokens", with thousands separated. */
export const tokens = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "token" : "tokens"}`;
