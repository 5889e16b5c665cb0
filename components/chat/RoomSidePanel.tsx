"use client";

import { createContext, type ReactNode, useContext, useEffect, useRef } from "react";

export type PanelId = "participants" | "metadata" | "connect";

export const PANEL_LABEL: Record<PanelId, string> = {
  participants: "People",
  metadata: "Metadata",
  connect: "Connect Claude",
};

export const panelSectionId = (panel: PanelId) => `room-panel-${panel}`;

/** The panel the phone's sheet was opened at: the sheet shows that one alone. */
const OpenPanel = createContext<PanelId | null>(null);

/** One button per panel (or per panel in `only`), for narrow screens where the panels are not shown beside the room. */
export function PanelButtons({
  onOpen,
  count,
  only,
}: {
  onOpen: (panel: PanelId) => void;
  count: number;
  only?: PanelId[];
}) {
  return (
    <div className="flex gap-1 md:hidden" data-testid="panel-buttons">
      {(only ?? (Object.keys(PANEL_LABEL) as PanelId[])).map((panel) => (
        <button
          key={panel}
          type="button"
          aria-haspopup="dialog"
          onClick={() => onOpen(panel)}
          className="rounded border border-slate-300 px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100"
        >
          {PANEL_LABEL[panel]}
          {panel === "participants" && ` (${count})`}
        </button>
      ))}
    </div>
  );
}

/** The dimmed room behind a sheet on a phone: a click on it closes the sheet (not a tab stop). */
export function SheetBackdrop({ label, onClose }: { label: string; onClose: () => void }) {
  return (
    <button
      type="button"
      aria-label={label}
      tabIndex={-1}
      onClick={onClose}
      className="fixed inset-0 z-30 bg-black/40 md:hidden"
    />
  );
}

/**
 * The room's side panels: a column beside the room on wide screens; on a phone, a sheet over the room that
 * opens at the panel asked for (Escape, the close button or the backdrop close it, and the focus goes back).
 */
export function RoomSidePanel({
  open,
  onClose,
  header,
  children,
  hidden = false,
}: {
  /** Kept mounted but not shown (a thread or search results have its place). */
  hidden?: boolean;
  open: PanelId | null;
  onClose: () => void;
  header?: ReactNode;
  children: ReactNode;
}) {
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    if (!open) return;
    opener.current = document.activeElement;
    const section = document.getElementById(panelSectionId(open));
    section?.scrollIntoView({ block: "start" });
    section?.focus({ preventScroll: true });
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      (opener.current as HTMLElement | null)?.focus?.();
    };
  }, [open, onClose]);

  return (
    <>
      {open && <SheetBackdrop label="Close the panel" onClose={onClose} />}
      <aside
        aria-label="Room details"
        {...(open && { role: "dialog", "aria-modal": true })}
        data-testid="room-panels"
        hidden={hidden}
        className={`shrink-0 overflow-y-auto border-slate-200 bg-white ${
          open
            ? "fixed inset-x-0 bottom-0 top-16 z-40 rounded-t-xl border-t shadow-xl md:static md:z-auto md:w-72 md:rounded-none md:border-l md:border-t-0 md:shadow-none"
            : "hidden md:block md:w-72 md:border-l"
        }`}
      >
        <div className="flex items-center justify-between gap-2 px-3 pt-3">
          {header}
          {open && (
            <button
              type="button"
              onClick={onClose}
              className="rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 md:hidden"
            >
              Close
            </button>
          )}
        </div>
        <OpenPanel.Provider value={open}>{children}</OpenPanel.Provider>
      </aside>
    </>
  );
}

/**
 * A panel's place in the sheet, where opening that panel lands (and its focus). On a phone the sheet shows
 * only the panel asked for: the panels above it load at their own pace and would push it out of view.
 */
export function PanelSection({ panel, children }: { panel: PanelId; children: ReactNode }) {
  const open = useContext(OpenPanel);
  return (
    <div
      id={panelSectionId(panel)}
      tabIndex={-1}
      className={`scroll-mt-2 focus:outline-none ${open && open !== panel ? "hidden md:block" : ""}`}
    >
      {children}
    </div>
  );
}
