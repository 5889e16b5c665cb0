import { AuditLog } from "@/components/admin/AuditLog";

export default function AdminAuditPage() {
  return <AuditLog />;
}
