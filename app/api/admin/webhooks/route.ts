import { adminRoute, json, readJson } from "@/lib/http/routes";
import { webhookSchema } from "@/lib/platform/schemas";
import { createWebhook, listWebhooks } from "@/lib/review/webhooks";

export const GET = adminRoute(async () => ({ webhooks: await listWebhooks() }));

export const POST = adminRoute(async ({ req, user }) => {
  const input = await readJson(req, webhookSchema);
  return json({ webhook: await createWebhook({ ...input, createdById: user.id }) }, 201);
});
