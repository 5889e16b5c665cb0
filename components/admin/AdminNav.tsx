"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  ["/admin/feedback", "Feedback"],
  ["/admin/agents", "Agents"],
  ["/admin/webhooks", "Webhooks"],
  ["/admin/rooms", "Rooms by metadata"],
  ["/admin/users", "People"],
  ["/admin/system", "System"],
  ["/admin/audit", "Audit log"],
] as const;

/** The admin sections; the one shown (or holding the page shown, e.g. one feedback item) is marked current. */
export function AdminNav() {
  const pathname = usePathname();
  // /admin itself shows the feedback list.
  const here = pathname === "/admin" ? "/admin/feedback" : pathname;
  return (
    // It wraps on a phone: every section stays in sight, nothing scrolls sideways.
    <nav
      aria-label="Admin sections"
      className="mb-4 flex flex-wrap gap-x-4 gap-y-1 whitespace-nowrap border-b border-slate-200 pb-2 text-sm"
    >
      <span className="font-semibold">Admin</span>
      {SECTIONS.map(([href, label]) => {
        const current = here === href || here.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={
              current
                ? "font-semibold text-slate-900 underline decoration-2 underline-offset-4"
                : "text-brand-600 hover:underline"
            }
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
