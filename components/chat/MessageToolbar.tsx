"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";

const LONG_PRESS_MS = 500;

/**
 * Where a message's actions live, without a row of their own under every message. On a wide screen they
 * float over the message's top right corner while it is hovered or holds the focus (so Tab from a message
 * still reaches them). On a phone they hide behind one "…" button, or a long press on the message, and open
 * as a row of full-size targets under it.
 */
export function MessageToolbar({ seq, children }: { seq: number; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const anchor = useRef<HTMLSpanElement>(null);

  // A long press anywhere on the message (touch only: a mouse has hover) opens the actions.
  useEffect(() => {
    const item = anchor.current?.closest("li");
    if (!item) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cancel = () => clearTimeout(timer);
    const start = (e: PointerEvent) => {
      if (e.pointerType !== "touch") return;
      timer = setTimeout(() => setOpen(true), LONG_PRESS_MS);
    };
    item.addEventListener("pointerdown", start);
    for (const type of ["pointerup", "pointercancel", "pointermove"] as const) item.addEventListener(type, cancel);
    return () => {
      cancel();
      item.removeEventListener("pointerdown", start);
      for (const type of ["pointerup", "pointercancel", "pointermove"] as const) item.removeEventListener(type, cancel);
    };
  }, []);

  if (!children) return null;
  return (
    <>
      <span ref={anchor} className="absolute right-0 top-0 md:hidden">
        <button
          type="button"
          aria-label={`Actions for #${seq}`}
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          className="flex h-7 w-8 items-center justify-center rounded text-lg leading-none text-slate-600 hover:bg-slate-100"
        >
          …
        </button>
      </span>
      <div
        data-testid="message-toolbar"
        data-open={open || undefined}
        className={`message-toolbar ${open ? "mt-1 flex" : "hidden"} flex-wrap items-center gap-1 md:absolute md:-top-3 md:right-1 md:z-10 md:mt-0 md:flex md:rounded md:border md:border-slate-200 md:bg-white md:px-1 md:shadow-sm`}
      >
        {children}
      </div>
    </>
  );
}
