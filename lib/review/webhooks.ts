import "server-only";
import { createHmac } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";
import { log } from "@/lib/platform/log";
import { webhookDeliveries } from "@/lib/platform/metrics";
import { allowHosts, assertPublicUrl, OutboundRefused, outboundRequest } from "@/lib/platform/outbound";
import type { WebhookEvent } from "@/lib/platform/schemas";
import { recordAudit } from "@/lib/review/audit";

/**
 * Webhooks through an outbox: deliveries are rows written in the same transaction as their event, sent
 * after commit by a sender in every app process, retried with exponential backoff for
 * WEBHOOK_RETRY_HOURS, and in order per webhook and room. A receiver that is down loses nothing.
 * Receivers are never inside the server's network unless WEBHOOK_ALLOW_HOSTS names them (lib/platform/outbound.ts):
 * checked when a URL is saved, and again at each delivery, on the address connected to.
 */

type Tx = Prisma.TransactionClient;

/** Writes a delivery for every active webhook that wants `event`. Call inside the event's transaction. */
export async function enqueueWebhooks(tx: Tx, { event, payload, roomId }: { event: WebhookEvent; payload: Prisma.InputJsonObject; roomId?: string }) {
  const hooks = await tx.webhook.findMany({ where: { active: true, events: { has: event } }, select: { id: true } });
  if (hooks.length === 0) return 0;
  const body = { event, created_at: new Date().toISOString(), data: payload };
  await tx.webhookDelivery.createMany({ data: hooks.map((h) => ({ webhookId: h.id, event, payload: body, roomId })) });
  return hooks.length;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as receivers verify it. */
export function signature(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

// ---- admin management ----

const publicWebhook = (w: { id: string; url: string; events: string[]; active: boolean; createdAt: Date; secret: string }) => ({
  id: w.id,
  url: w.url,
  events: w.events,
  active: w.active,
  createdAt: w.createdAt.toISOString(),
  // The secret is never sent back whole.
  secretHint: `${w.secret.slice(0, 4)}…`,
});

export async function listWebhooks() {
  const hooks = await db.webhook.findMany({ orderBy: { createdAt: "asc" } });
  const counts = await db.webhookDelivery.groupBy({ by: ["webhookId", "status"], _count: true });
  return hooks.map((w) => ({
    ...publicWebhook(w),
    deliveries: Object.fromEntries(counts.filter((c) => c.webhookId === w.id).map((c) => [c.status.toLowerCase(), c._count])),
  }));
}

const receiverGuard = { allowHost: allowHosts(env.WEBHOOK_ALLOW_HOSTS) };

/** A receiver URL inside the server's network is invalid input (422 on `url`). */
async function checkReceiver(url: string | undefined) {
  if (url === undefined) return;
  try {
    await assertPublicUrl(url, receiverGuard);
  } catch (err) {
    if (!(err instanceof OutboundRefused)) throw err;
    const message = `${err.message}; WEBHOOK_ALLOW_HOSTS can allow it`;
    throw new AppError("unprocessable", `url: ${message}`, { fields: { url: [message] } });
  }
}

export async function createWebhook({ url, secret, events, active, createdById }: { url: string; secret: string; events: WebhookEvent[]; active: boolean; createdById: string }) {
  await checkReceiver(url);
  const webhook = await db.webhook.create({ data: { url, secret, events, active, createdById } });
  await recordAudit({ action: "admin.webhook_created", actorUserId: createdById, targetType: "webhook", targetId: webhook.id, meta: { url, events } });
  return publicWebhook(webhook);
}

export async function updateWebhook({ id, adminId, data }: { id: string; adminId: string; data: { url?: string; secret?: string; events?: WebhookEvent[]; active?: boolean } }) {
  await checkReceiver(data.url);
  const { count } = await db.webhook.updateMany({ where: { id }, data });
  if (count === 0) throw new AppError("not_found", "Webhook not found");
  await recordAudit({ action: "admin.webhook_updated", actorUserId: adminId, targetType: "webhook", targetId: id, meta: { fields: Object.keys(data) } });
  return publicWebhook(await db.webhook.findUniqueOrThrow({ where: { id } }));
}

export async function deleteWebhook({ id, adminId }: { id: string; adminId: string }) {
  const { count } = await db.webhook.deleteMany({ where: { id } });
  if (count === 0) throw new AppError("not_found", "Webhook not found");
  await recordAudit({ action: "admin.webhook_deleted", actorUserId: adminId, targetType: "webhook", targetId: id });
}

export async function listDeliveries(webhookId: string, limit = 100) {
  const rows = await db.webhookDelivery.findMany({ where: { webhookId }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((d) => ({
    id: d.id,
    event: d.event,
    roomId: d.roomId,
    status: d.status.toLowerCase(),
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.status === "PENDING" ? d.nextAttemptAt.toISOString() : null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  }));
}

/** Sends a delivery again (after a failure, or on request): it goes back to the queue, due now. */
export async function resendDelivery({ id, adminId }: { id: string; adminId: string }) {
  const { count } = await db.webhookDelivery.updateMany({
    where: { id },
    data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date(), requeuedAt: new Date() },
  });
  if (count === 0) throw new AppError("not_found", "Delivery not found");
  await recordAudit({ action: "admin.webhook_resent", actorUserId: adminId, targetType: "webhook_delivery", targetId: id });
  kickWebhookSender();
}

/**
 * Queues a `webhook.test` delivery to one webhook now, whatever events it is subscribed to (and even
 * when paused): the admin sees in its delivery log whether the receiver answers and checks the signature.
 */
export async function sendTestEvent({ id, adminId }: { id: string; adminId: string }) {
  const webhook = await db.webhook.findUnique({ where: { id }, select: { id: true } });
  if (!webhook) throw new AppError("not_found", "Webhook not found");
  const payload = {
    event: "webhook.test",
    created_at: new Date().toISOString(),
    data: { webhook_id: id, message: "A test event sent from Parley's admin page" },
  };
  const delivery = await db.webhookDelivery.create({ data: { webhookId: id, event: "webhook.test", payload } });
  await recordAudit({ action: "admin.webhook_tested", actorUserId: adminId, targetType: "webhook", targetId: id });
  kickWebhookSender();
  return { id: delivery.id, event: delivery.event, status: delivery.status.toLowerCase() };
}

// ---- the sender ----

const CLAIM_BATCH = 20;
const IN_FLIGHT_LEASE_MS = 60_000;
const SEND_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 3600_000;

type Claimed = { id: string; webhookId: string; event: string; payload: unknown; attempts: number; retryFrom: Date; url: string; secret: string };

/**
 * Claims due deliveries that are each the oldest pending one of their webhook and room, pushing their
 * next attempt out while they are in flight so no other process sends them at the same time.
 */
async function claim(): Promise<Claimed[]> {
  return db.$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT d.id FROM "WebhookDelivery" d
      WHERE d.status = 'PENDING' AND d."nextAttemptAt" <= now()
        AND NOT EXISTS (
          SELECT 1 FROM "WebhookDelivery" e
          WHERE e."webhookId" = d."webhookId" AND e."roomId" IS NOT DISTINCT FROM d."roomId"
            AND e.status = 'PENDING' AND e.position < d.position)
      ORDER BY d.position
      LIMIT ${CLAIM_BATCH}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "WebhookDelivery" d SET "nextAttemptAt" = now() + ${IN_FLIGHT_LEASE_MS} * interval '1 millisecond'
    FROM due, "Webhook" w
    WHERE d.id = due.id AND w.id = d."webhookId"
    RETURNING d.id, d."webhookId", d.event, d.payload, d.attempts, coalesce(d."requeuedAt", d."createdAt") AS "retryFrom", w.url, w.secret`;
}

async function send(delivery: Claimed): Promise<void> {
  const body = JSON.stringify(delivery.payload);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await outboundRequest(delivery.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Parley-Webhooks/1",
        "parley-event": delivery.event,
        "parley-delivery": delivery.id,
        "parley-signature": signature(delivery.secret, body),
      },
      body,
      timeoutMs: SEND_TIMEOUT_MS,
      ...receiverGuard,
    });
    statusCode = res.status;
    // Redirects are not followed: a receiver answers for itself.
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (err) {
    error = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
  }
  const attempts = delivery.attempts + 1;
  const giveUp = Date.now() - delivery.retryFrom.getTime() > env.WEBHOOK_RETRY_HOURS * 3600_000;
  webhookDeliveries.inc({ outcome: !error ? "succeeded" : giveUp ? "failed" : "retrying" });
  if (!error) {
    await db.webhookDelivery.update({
      where: { id: delivery.id },
      data: { status: "SUCCEEDED", attempts, lastStatusCode: statusCode, lastError: null, deliveredAt: new Date() },
    });
    return;
  }
  const backoff = Math.min(env.WEBHOOK_RETRY_BASE_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS);
  await db.webhookDelivery.update({
    where: { id: delivery.id },
    data: {
      status: giveUp ? "FAILED" : "PENDING",
      attempts,
      lastStatusCode: statusCode,
      lastError: error.slice(0, 500),
      nextAttemptAt: new Date(Date.now() + backoff),
    },
  });
}

let draining: Promise<void> | null = null;
let again = false;

async function drain(): Promise<void> {
  for (;;) {
    const batch = await claim();
    if (batch.length === 0) return;
    await Promise.all(batch.map(send));
  }
}

/** Sends what is due now; called after a commit that wrote deliveries, and on a timer for retries. */
export function kickWebhookSender(): void {
  if (draining) {
    again = true;
    return;
  }
  draining = drain()
    .catch((err) => log.error("webhook sender failed", { error: err instanceof Error ? err.message : String(err) }))
    .finally(() => {
      draining = null;
      if (again) {
        again = false;
        kickWebhookSender();
      }
    });
}

const globalSender = globalThis as unknown as { parleyWebhookTimer?: NodeJS.Timeout };

export function startWebhookSender(): void {
  globalSender.parleyWebhookTimer ??= setInterval(kickWebhookSender, env.WEBHOOK_POLL_INTERVAL_MS);
  globalSender.parleyWebhookTimer.unref();
}
