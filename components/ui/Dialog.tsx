"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";

type Props = { open: boolean; onClose: () => void; title: string; children: ReactNode; className?: string };

/**
 * A modal on the native <dialog>: showModal() makes the rest of the page inert (focus stays inside) and
 * Escape closes it. Focus goes back to what had it before, which browsers do not all do by themselves.
 */
export function Dialog({ open, onClose, title, children, className = "max-w-3xl" }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement as HTMLElement | null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the native dialog closes on Escape by itself
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={() => {
        onClose();
        returnTo.current?.focus();
      }}
      // A click on the backdrop lands on the dialog element itself (Escape is the keyboard's way out).
      onClick={(e) => e.target === e.currentTarget && ref.current?.close()}
      className={`m-auto w-[calc(100%-2rem)] ${className} rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40`}
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        <button
          type="button"
          aria-label="Close"
          onClick={() => ref.current?.close()}
          className="rounded px-2 py-1 text-slate-600 hover:bg-slate-100"
        >
          ✕
        </button>
      </div>
      <div className="max-h-[75vh] overflow-y-auto p-4">{children}</div>
    </dialog>
  );
}
