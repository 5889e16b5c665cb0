import { adminRoute, readJson } from "@/lib/http";
import { webhookUpdateSchema } from "@/lib/schemas";
import { deleteWebhook, updateWebhook } from "@/lib/webhooks";

type Params = { webhookId: string };

export const PATCH = adminRoute<Params>(async ({ req, params }) => ({
  webhook: await updateWebhook(params.webhookId, await readJson(req, webhookUpdateSchema)),
}));

export const DELETE = adminRoute<Params>(async ({ params }) => {
  await deleteWebhook(params.webhookId);
  return new Response(null, { status: 204 });
});
