"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

// Static class names per breakpoint (Tailwind only sees whole class names in the source).
const AT = {
  sm: {
    button: "sm:hidden",
    panel:
      "sm:static sm:flex sm:flex-row sm:items-center sm:gap-x-3 sm:border-0 sm:bg-transparent sm:p-0 sm:shadow-none",
  },
  md: {
    button: "md:hidden",
    panel:
      "md:static md:flex md:flex-row md:items-center md:gap-x-1 md:border-0 md:bg-transparent md:p-0 md:shadow-none",
  },
} as const;

/**
 * Controls that sit in a row on a wide screen and fold behind one button on a phone, where a row of them
 * would wrap into a second and third line. Rendered once (no copies for each width): the same elements move.
 * Escape, a click outside, choosing a button or link inside, or a new page closes it.
 */
export function PhoneMenu({
  label,
  wideAt,
  children,
  className = "",
}: {
  label: string;
  wideAt: keyof typeof AT;
  children: ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();
  // A new page closes it (the menu's links navigate).
  const openedAt = useRef(pathname);
  if (open && openedAt.current !== pathname) setOpen(false);
  if (!open) openedAt.current = pathname;
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      opener.current?.focus();
    };
    // Outside it, or on a button or link inside (which did its own work), a click closes it.
    const onClick = (e: MouseEvent) => {
      const target = e.target as HTMLElement;
      if (!root.current?.contains(target) || (target.closest("a, button") && !opener.current?.contains(target)))
        setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    };
  }, [open]);

  return (
    <div ref={root} className={`relative ${className}`}>
      <button
        ref={opener}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        className={`${AT[wideAt].button} rounded border border-slate-300 px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100`}
      >
        {label}
      </button>
      <div
        id={id}
        className={`${open ? "absolute right-0 top-full z-40 mt-1 flex min-w-48 flex-col items-stretch gap-1 rounded border border-slate-200 bg-white p-2 shadow-lg" : "hidden"} ${AT[wideAt].panel} gap-1`}
      >
        {children}
      </div>
    </div>
  );
}
