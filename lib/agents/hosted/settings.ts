import "server-only";
import { z } from "zod";
import { requireOwnAgent } from "@/lib/agents/agents";
import { anthropicClient } from "@/lib/agents/hosted/claude";
import { apiFailure } from "@/lib/agents/hosted/failures";
import { choiceOf, defaultModel, listModels } from "@/lib/agents/hosted/models";
import type { HostedSettingsView, ModelList } from "@/lib/agents/hosted/settings-view";
import { announceHosting } from "@/lib/agents/hosted/status";
import { replyRuleSchema } from "@/lib/agents/schemas";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { text } from "@/lib/platform/schemas";
import { open, seal } from "@/lib/platform/secret-box";
import { recordAudit } from "@/lib/review/audit";

/**
 * An owner makes one of their agents hosted: Parley runs its loop (lib/agents/hosted/runner) with this model,
 * system prompt, reply rule, daily token budget and key. The key is write-only: sealed at rest, never
 * returned, never logged; without one the server's ANTHROPIC_API_KEY is used. Saving asks the API whether it
 * takes the key and offers the model, so a typo is a 422 on the form rather than an error in a room.
 */

const apiKeySchema = text().trim().min(8, "That is not an API key").max(500);

export const hostedSettingsSchema = z.object({
  /** Omitted: the newest Sonnet the key can use. */
  model: text().trim().min(1, "Pick a model").max(100).optional(),
  systemPrompt: text().max(8000).default(""),
  replyRule: replyRuleSchema.default("mentions"),
  dailyTokenBudget: z.number().int().min(1).max(1_000_000_000).nullable().default(null),
  enabled: z.boolean().default(true),
  /** A new key for this agent; omitted keeps the stored one; null removes it (the server's key is used). */
  apiKey: apiKeySchema.nullable().optional(),
});
export type HostedSettingsInput = z.input<typeof hostedSettingsSchema>;

const toRule = (rule: "all" | "mentions") => (rule === "all" ? "ALL" : "MENTIONS");

/** The key an agent answers with: its own (sealed at rest), else the server's. */
export const apiKeyOf = (hosted: { sealedApiKey: string | null } | null) =>
  hosted?.sealedApiKey ? open(hosted.sealedApiKey) : (env.ANTHROPIC_API_KEY ?? null);

const noKey = () =>
  new AppError("unprocessable", "Paste an Anthropic API key: the server has none", {
    fields: { apiKey: ["Paste an Anthropic API key: the server has none"] },
  });

/**
 * The models `apiKey` can use, from the API. A key the API refuses is a 422 naming apiKey; an API that
 * cannot be reached is a 503 (nothing is known about the key then).
 */
async function modelsFor(apiKey: string) {
  try {
    return await listModels(anthropicClient(apiKey, { maxRetries: env.HOSTED_AGENT_MAX_RETRIES, timeoutMs: 20_000 }));
  } catch (err) {
    const failure = apiFailure(err);
    if (failure.field === "apiKey") {
      const message = `${failure.reason[0].toUpperCase()}${failure.reason.slice(1)}`;
      throw new AppError("unprocessable", message, { fields: { apiKey: [message] } });
    }
    throw new AppError(
      "unavailable",
      `Could not ask the Anthropic API which models the key can use: ${failure.reason}`,
      {
        retryAfterSeconds: 5,
      },
    );
  }
}

/** GET /api/agents/:agentId/hosted/models: with the key typed in the form, else the agent's, else the server's. */
export async function modelChoices({
  ownerId,
  agentId,
  typedKey,
}: {
  ownerId: string;
  agentId: string;
  typedKey?: string;
}): Promise<ModelList> {
  await requireOwnAgent(ownerId, agentId);
  const typed = typedKey === undefined ? undefined : apiKeySchema.safeParse(typedKey);
  if (typed && !typed.success)
    throw new AppError("unprocessable", "That is not an API key", { fields: { apiKey: ["That is not an API key"] } });
  const apiKey = typed?.data ?? apiKeyOf(await db.hostedAgent.findUnique({ where: { agentId } }));
  if (!apiKey) throw noKey();
  const models = await modelsFor(apiKey);
  return { models: models.map(choiceOf), defaultModel: defaultModel(models) };
}

/** The model to save: the one asked for if the key can use it (else a 422 naming model), or the default. */
async function checkedModel(apiKey: string, asked: string | undefined): Promise<string> {
  const models = await modelsFor(apiKey);
  const model = asked ?? defaultModel(models);
  if (!model)
    throw new AppError("unprocessable", "This API key can use no model", {
      fields: { model: ["This API key can use no model"] },
    });
  if (!models.some((m) => m.id === model)) {
    const message = `“${model}” is not a model this API key can use`;
    throw new AppError("unprocessable", message, { fields: { model: [message] } });
  }
  return model;
}

/** Tokens the agent's replies (and notices) used since midnight UTC: all of them, and those read from the cache. */
export async function tokensToday(agentId: string): Promise<{ all: number; cacheRead: number }> {
  const [row] = await db.$queryRaw<{ used: bigint | null; cached: bigint | null }[]>`
    SELECT sum(coalesce(m."inputTokens", 0) + coalesce(m."outputTokens", 0) + coalesce(m."cacheReadTokens", 0)
               + coalesce(m."cacheWriteTokens", 0)) AS used,
           sum(m."cacheReadTokens") AS cached
    FROM "Message" m JOIN "Participant" p ON p.id = m."senderId"
    WHERE p."agentId" = ${agentId} AND m."createdAt" >= date_trunc('day', now() AT TIME ZONE 'UTC')`;
  return { all: Number(row?.used ?? 0), cacheRead: Number(row?.cached ?? 0) };
}

export async function getHostedSettings(ownerId: string, agentId: string): Promise<HostedSettingsView | null> {
  await requireOwnAgent(ownerId, agentId);
  const row = await db.hostedAgent.findUnique({ where: { agentId } });
  if (!row) return null;
  const used = await tokensToday(agentId);
  return {
    model: row.model,
    systemPrompt: row.systemPrompt,
    replyRule: row.replyRule === "ALL" ? "all" : "mentions",
    dailyTokenBudget: row.dailyTokenBudget,
    enabled: row.enabled,
    key: row.sealedApiKey ? "agent" : env.ANTHROPIC_API_KEY ? "server" : "none",
    tokensToday: used.all,
    cacheReadTokensToday: used.cacheRead,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    paused: row.pausedAt ? { at: row.pausedAt.toISOString(), reason: row.pauseReason ?? "" } : null,
  };
}

/** What saving or resuming clears: a fixed setting is a fresh start. */
const freshStart = { failures: 0, pausedAt: null, pauseReason: null, lastError: null, lastErrorAt: null } as const;

export async function saveHostedSettings(
  ownerId: string,
  agentId: string,
  input: z.output<typeof hostedSettingsSchema>,
) {
  await requireOwnAgent(ownerId, agentId);
  const stored = await db.hostedAgent.findUnique({ where: { agentId }, select: { sealedApiKey: true } });
  const apiKey = input.apiKey === undefined ? apiKeyOf(stored) : (input.apiKey ?? env.ANTHROPIC_API_KEY ?? null);
  if (!apiKey) throw noKey();
  const model = await checkedModel(apiKey, input.model);
  const key = input.apiKey === undefined ? {} : { sealedApiKey: input.apiKey === null ? null : seal(input.apiKey) };
  const fields = {
    model,
    systemPrompt: input.systemPrompt,
    replyRule: toRule(input.replyRule),
    dailyTokenBudget: input.dailyTokenBudget,
    enabled: input.enabled,
    ...freshStart,
  } as const;
  await db.$transaction(async (tx) => {
    await tx.hostedAgent.upsert({
      where: { agentId },
      create: { agentId, ...fields, ...key },
      update: { ...fields, ...key },
    });
    await tx.participant.updateMany({ where: { agentId, leftAt: null }, data: { replyRule: fields.replyRule } });
    await recordAudit(
      {
        action: "agent.hosted_updated",
        actorUserId: ownerId,
        targetType: "agent",
        targetId: agentId,
        meta: { model, enabled: input.enabled, keyChanged: input.apiKey !== undefined },
      },
      tx,
    );
  });
  await announceHosting(agentId);
  return getHostedSettings(ownerId, agentId);
}

/** The owner resumes an agent Parley paused: its key and model are checked again first. */
export async function resumeHosted(ownerId: string, agentId: string) {
  await requireOwnAgent(ownerId, agentId);
  const row = await db.hostedAgent.findUnique({ where: { agentId } });
  if (!row) throw new AppError("not_found", "This agent is not hosted");
  const apiKey = apiKeyOf(row);
  if (!apiKey) throw noKey();
  await checkedModel(apiKey, row.model);
  await db.hostedAgent.update({ where: { agentId }, data: { ...freshStart, enabled: true } });
  await announceHosting(agentId);
  return getHostedSettings(ownerId, agentId);
}

/** The agent is no longer hosted (its key is deleted); it can still be connected from an MCP client. */
export async function removeHosted(ownerId: string, agentId: string): Promise<void> {
  await requireOwnAgent(ownerId, agentId);
  await db.$transaction(async (tx) => {
    await tx.hostedAgent.deleteMany({ where: { agentId } });
    await recordAudit(
      { action: "agent.hosted_removed", actorUserId: ownerId, targetType: "agent", targetId: agentId },
      tx,
    );
  });
  await announceHosting(agentId);
}
