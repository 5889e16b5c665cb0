import { WebhooksAdmin } from "@/components/admin/WebhooksAdmin";

export default function AdminWebhooksPage() {
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">Webhooks</h1>
      <WebhooksAdmin />
    </>
  );
}
