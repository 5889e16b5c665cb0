import { adminRoute, readJson } from "@/lib/http/routes";
import { webhookUpdateSchema } from "@/lib/platform/schemas";
import { deleteWebhook, updateWebhook } from "@/lib/review/webhooks";

type Params = { webhookId: string };

export const PATCH = adminRoute<Params>(async ({ req, params, user }) => ({
  webhook: await updateWebhook({
    id: params.webhookId,
    adminId: user.id,
    data: await readJson(req, webhookUpdateSchema),
  }),
}));

export const DELETE = adminRoute<Params>(async ({ params, user }) => {
  await deleteWebhook({ id: params.webhookId, adminId: user.id });
  return new Response(null, { status: 204 });
});
