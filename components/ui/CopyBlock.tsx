"use client";

import { CopyButton } from "./CopyButton";

export function CopyBlock({ label, text }: { label: string; text: string }) {
  return (
    <div className="relative mt-1">
      <pre
        title={label}
        data-testid={label}
        className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-2 pr-16 text-xs text-slate-100"
      >
        {text}
      </pre>
      <CopyButton
        text={text}
        label={`Copy ${label}`}
        className="absolute right-1 top-1 rounded bg-slate-700 px-2 py-0.5 text-xs text-white hover:bg-slate-600"
      />
    </div>
  );
}
