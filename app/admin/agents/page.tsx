import type { Metadata } from "next";
import { AgentSummaries } from "@/components/admin/AgentSummaries";
import { agentSummaries } from "@/lib/review/feedback";

export const metadata: Metadata = { title: "Agents · Admin" };

export default async function AdminAgentsPage() {
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">Agents</h1>
      <AgentSummaries summaries={await agentSummaries()} />
    </>
  );
}
