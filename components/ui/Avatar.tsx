/** Up to two initials: "Maya Lee" → "ML", "claude" → "C". */
function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => [...w][0]?.toUpperCase() ?? "").join("") || "?";
}

/** A hue that stays the same for the same id, on every page and every visit. */
function hueOf(id: string): number {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return hash % 360;
}

/**
 * Initials on a colour of the person's own, until pictures can be uploaded. The colour is dark enough for
 * white initials to meet WCAG AA in both themes; the name beside it says who it is, so it is hidden from
 * screen readers.
 */
export function Avatar({
  id,
  name,
  size = 28,
  className = "",
}: {
  id: string;
  name: string;
  size?: number;
  className?: string;
}) {
  return (
    <span
      aria-hidden="true"
      data-testid="avatar"
      className={`inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold text-white ${className}`}
      style={{ width: size, height: size, fontSize: size * 0.4, backgroundColor: `hsl(${hueOf(id)} 55% 32%)` }}
    >
      {initialsOf(name)}
    </span>
  );
}
