"use client";

import { useState } from "react";

/** Copies `text` to the clipboard and says so for a moment ("Copied"), or that the browser refused. */
export function CopyButton({ text, label, className }: { text: string; label: string; className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <>
      <button
        type="button"
        aria-label={label}
        title={label}
        className={className}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setState("copied");
          } catch {
            setState("failed");
          }
          setTimeout(() => setState("idle"), 1500);
        }}
      >
        {state === "copied" ? "Copied" : state === "failed" ? "Not copied" : "Copy"}
      </button>
      {/* The button's name stays "Copy …": its result is said here. */}
      <span role="status" className="sr-only">
        {state === "copied" ? "Copied" : state === "failed" ? "Not copied: the browser refused" : ""}
      </span>
    </>
  );
}
