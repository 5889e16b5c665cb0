import type { Metadata } from "next";
import { WebhooksAdmin } from "@/components/admin/WebhooksAdmin";

export const metadata: Metadata = { title: "Webhooks · Admin" };

export default function AdminWebhooksPage() {
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">Webhooks</h1>
      <WebhooksAdmin />
    </>
  );
}
