// Client-safe: names the Connect Claude dialog proposes.

/** `base` when none of `taken` has it, else the first free "base 2", "base 3"… */
export function freeAgentName(base: string, taken: readonly string[]): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) if (!names.has(`${base} ${n}`)) return `${base} ${n}`;
}
