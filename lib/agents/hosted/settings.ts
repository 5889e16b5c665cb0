import "server-only";
import { z } from "zod";
import { requireOwnAgent } from "@/lib/agents/agents";
import type { HostedSettingsView } from "@/lib/agents/hosted/settings-view";
import { replyRuleSchema } from "@/lib/agents/schemas";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { text } from "@/lib/platform/schemas";
import { seal } from "@/lib/platform/secret-box";
import { recordAudit } from "@/lib/review/audit";

/**
 * An owner makes one of their agents hosted: Parley runs its loop (lib/agents/hosted/runner) with this model,
 * system prompt, reply rule, daily token budget and key. The key is write-only: sealed at rest, never
 * returned, never logged; without one the server's ANTHROPIC_API_KEY is used.
 */

export const hostedSettingsSchema = z.object({
  model: text().trim().min(1, "Name a model").max(100),
  systemPrompt: text().max(8000).default(""),
  replyRule: replyRuleSchema.default("mentions"),
  dailyTokenBudget: z.number().int().min(1).max(1_000_000_000).nullable().default(null),
  enabled: z.boolean().default(true),
  /** A new key for this agent; omitted keeps the stored one; null removes it (the server's key is used). */
  apiKey: text().trim().min(8, "That is not an API key").max(500).nullable().optional(),
});
export type HostedSettingsInput = z.input<typeof hostedSettingsSchema>;

const toRule = (rule: "all" | "mentions") => (rule === "all" ? "ALL" : "MENTIONS");

/** Tokens (in + out) the agent's replies used since midnight UTC. */
export async function tokensToday(agentId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ used: bigint | null }[]>`
    SELECT sum(coalesce(m."inputTokens", 0) + coalesce(m."outputTokens", 0)) AS used
    FROM "Message" m JOIN "Participant" p ON p.id = m."senderId"
    WHERE p."agentId" = ${agentId} AND m."createdAt" >= date_trunc('day', now() AT TIME ZONE 'UTC')`;
  return Number(row?.used ?? 0);
}

export async function getHostedSettings(ownerId: string, agentId: string): Promise<HostedSettingsView | null> {
  await requireOwnAgent(ownerId, agentId);
  const row = await db.hostedAgent.findUnique({ where: { agentId } });
  if (!row) return null;
  return {
    model: row.model,
    systemPrompt: row.systemPrompt,
    replyRule: row.replyRule === "ALL" ? "all" : "mentions",
    dailyTokenBudget: row.dailyTokenBudget,
    enabled: row.enabled,
    key: row.sealedApiKey ? "agent" : env.ANTHROPIC_API_KEY ? "server" : "none",
    tokensToday: await tokensToday(agentId),
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
  };
}

export async function saveHostedSettings(
  ownerId: string,
  agentId: string,
  input: z.output<typeof hostedSettingsSchema>,
) {
  await requireOwnAgent(ownerId, agentId);
  const key = input.apiKey === undefined ? {} : { sealedApiKey: input.apiKey === null ? null : seal(input.apiKey) };
  const fields = {
    model: input.model,
    systemPrompt: input.systemPrompt,
    replyRule: toRule(input.replyRule),
    dailyTokenBudget: input.dailyTokenBudget,
    enabled: input.enabled,
    lastError: null,
    lastErrorAt: null,
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
        meta: { model: input.model, enabled: input.enabled, keyChanged: input.apiKey !== undefined },
      },
      tx,
    );
  });
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
}
