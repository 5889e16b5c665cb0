import type { Metadata } from "next";
import { Suspense } from "react";
import { FeedbackList } from "@/components/admin/FeedbackList";
import { listAllAgents } from "@/lib/review/feedback";

export const metadata: Metadata = { title: "Feedback · Admin" };

export default async function AdminFeedbackPage() {
  const agents = await listAllAgents();
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">Feedback</h1>
      <Suspense fallback={<p className="text-sm text-slate-500">Loading…</p>}>
        <FeedbackList agents={agents} />
      </Suspense>
    </>
  );
}
