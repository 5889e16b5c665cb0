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
    // On a phone it scrolls sideways rather than wrapping into a wall of links.
    <nav
      aria-label="Admin sections"
      className="mb-4 flex gap-4 overflow-x-auto whitespace-nowrap border-b border-slate-200 pb-2 text-sm"
    >
      <span className="font-semibold">Admin</span>
      {SECTIONS.map(([href, label]) => {
        const current = here === href || here.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={current ? "font-semibold text-slate-900 underline decoration-2 underline-offset-4" : "text-brand-600 hover:underline"}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
