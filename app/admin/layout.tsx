import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/AdminNav";
import { currentUser } from "@/lib/auth/authjs";

export const dynamic = "force-dynamic";

// Admin pages do not exist for anyone else (404, not 403: nothing to discover).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (user?.role !== "ADMIN") notFound();
  return (
    <div className="mx-auto w-full max-w-5xl p-4">
      <AdminNav />
      {children}
    </div>
  );
}
