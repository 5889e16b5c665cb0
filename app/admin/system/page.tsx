import { SystemDashboard } from "@/components/admin/SystemDashboard";

export default function AdminSystemPage() {
  return <SystemDashboard />;
}
