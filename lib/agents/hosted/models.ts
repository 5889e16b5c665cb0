import type Anthropic from "@anthropic-ai/sdk";
import type { ModelInfo } from "@anthropic-ai/sdk/resources/models";
import type { ModelChoice } from "@/lib/agents/hosted/settings-view";

// Which Claude models an API key can use, from the API's own list (GET /v1/models through the SDK), never
// from a list written here: models retire, and the one a form remembers may be gone. No server imports, so
// the reference agent (scripts/) picks its default the same way.

/** Every model the key can use, newest first (the SDK fetches page after page). Retired ones are not listed. */
export async function listModels(client: Anthropic): Promise<ModelInfo[]> {
  const models: ModelInfo[] = [];
  for await (const model of client.models.list()) if (model.lifecycle !== "retired") models.push(model);
  return models;
}

/**
 * The default: the newest active Sonnet (Anthropic's balanced line), else the newest active model. The API
 * names each model's line; the id is not parsed for it.
 */
export function defaultModel(models: ModelInfo[]): string | null {
  const active = models.filter((m) => m.lifecycle !== "deprecated");
  const newest = (list: ModelInfo[]) =>
    list.reduce<ModelInfo | null>(
      (best, m) => (!best || Date.parse(m.created_at) > Date.parse(best.created_at) ? m : best),
      null,
    );
  return (newest(active.filter((m) => m.line === "sonnet")) ?? newest(active) ?? newest(models))?.id ?? null;
}

export const choiceOf = (m: ModelInfo): ModelChoice => ({
  id: m.id,
  name: m.display_name || m.id,
  deprecated: m.lifecycle === "deprecated",
});
