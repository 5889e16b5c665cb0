import type { Metadata } from "next";
import { SystemDashboard } from "@/components/admin/SystemDashboard";

export const metadata: Metadata = { title: "System · Admin" };

export default function AdminSystemPage() {
  return <SystemDashboard />;
}
