import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AgentsManager } from "@/components/agents/AgentsManager";
import { currentUser } from "@/lib/auth/authjs";

export const metadata: Metadata = { title: "Agents" };

export const dynamic = "force-dynamic";

export default async function AgentsPage() {
  if (!(await currentUser())) redirect("/signin?callbackUrl=/agents");
  return <AgentsManager />;
}
