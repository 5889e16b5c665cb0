import type { InputHTMLAttributes } from "react";

type Props = InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; errors?: string[]; hint?: string };

/** A labelled input with its errors, and a hint shown before any error (a rule worth knowing up front). */
export function Field({ label, name, errors, hint, ...input }: Props) {
  const errorId = `${name}-error`;
  const hintId = `${name}-hint`;
  const describedBy = [hint && hintId, errors?.length && errorId].filter(Boolean).join(" ") || undefined;
  return (
    <label className="block text-sm">
      <span className="mb-1 block font-medium text-slate-700">{label}</span>
      <input
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="w-full rounded border border-slate-300 px-3 py-2 outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
        {...input}
      />
      {hint && (
        <span id={hintId} className="mt-1 block text-xs text-slate-500">
          {hint}
        </span>
      )}
      {errors?.length ? (
        <span id={errorId} className="mt-1 block text-xs text-red-600">
          {errors.join(" ")}
        </span>
      ) : null}
    </label>
  );
}
