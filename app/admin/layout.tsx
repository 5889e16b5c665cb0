import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { currentUser } from "@/lib/auth";

export const dynamic = "force-dynamic";

// Admin pages do not exist for anyone else (404, not 403: nothing to discover).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (user?.role !== "ADMIN") notFound();
  return (
    <div className="mx-auto w-full max-w-5xl p-4">
      {/* on a phone it scrolls sideways rather than wrapping into a wall of links */}
      <nav aria-label="Admin sections" className="mb-4 flex gap-4 overflow-x-auto whitespace-nowrap border-b border-slate-200 pb-2 text-sm">
        <span className="font-semibold">Admin</span>
        <Link href="/admin/feedback" className="text-brand-600 hover:underline">
          Feedback
        </Link>
        <Link href="/admin/agents" className="text-brand-600 hover:underline">
          Agents
        </Link>
        <Link href="/admin/webhooks" className="text-brand-600 hover:underline">
          Webhooks
        </Link>
        <Link href="/admin/rooms" className="text-brand-600 hover:underline">
          Rooms by metadata
        </Link>
        <Link href="/admin/users" className="text-brand-600 hover:underline">People</Link>
        <Link href="/admin/system" className="text-brand-600 hover:underline">System</Link>
        <Link href="/admin/audit" className="text-brand-600 hover:underline">Audit log</Link>
      </nav>
      {children}
    </div>
  );
}
