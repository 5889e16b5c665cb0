"use client";

// Emoji names, keywords and :shortcodes: from emojibase-data (maintained with each Unicode release), loaded
// only when a picker opens or a shortcode is typed: about 600 KB of data that no room page needs at first.

export type Emoji = { emoji: string; label: string; shortcodes: string[]; tags: string[] };

type CompactEmoji = {
  hexcode: string;
  label: string;
  unicode: string;
  group?: number;
  order?: number;
  tags?: string[];
};

let loading: Promise<Emoji[]> | null = null;
let loaded: { list: Emoji[]; byShortcode: Map<string, string> } | null = null;

/** Every emoji with a group (not the regional-indicator letters and skin-tone swatches), in Unicode's order. */
export function loadEmoji(): Promise<Emoji[]> {
  loading ??= Promise.all([
    import("emojibase-data/en/compact.json").then((m) => m.default as unknown as CompactEmoji[]),
    import("emojibase-data/en/shortcodes/github.json").then(
      (m) => m.default as unknown as Record<string, string | string[]>,
    ),
  ]).then(([data, shortcodes]) => {
    const list = data
      .filter((e) => e.group !== undefined && e.group !== 2)
      .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
      .map((e) => ({
        emoji: e.unicode,
        label: e.label,
        tags: e.tags ?? [],
        shortcodes: [shortcodes[e.hexcode] ?? []].flat(),
      }));
    loaded = { list, byShortcode: new Map(list.flatMap((e) => e.shortcodes.map((code) => [code, e.emoji] as const))) };
    return list;
  });
  return loading;
}

/** The emoji a `:shortcode:` names, once the data has loaded (loadEmoji); null before, or for an unknown code. */
export function emojiForShortcode(code: string): string | null {
  return loaded?.byShortcode.get(code.toLowerCase()) ?? null;
}

/** Emoji whose shortcode, name or keywords start with (or, for names, contain) the query; ":tada" works too. */
export function searchEmoji(list: Emoji[], query: string, limit = 64): Emoji[] {
  const q = query.trim().toLowerCase().replace(/^:|:$/g, "");
  if (!q) return list.slice(0, limit);
  const rank = (e: Emoji) =>
    e.shortcodes.some((c) => c === q)
      ? 0
      : e.shortcodes.some((c) => c.startsWith(q))
        ? 1
        : e.label.startsWith(q)
          ? 2
          : e.tags.some((t) => t.startsWith(q))
            ? 3
            : e.label.includes(q)
              ? 4
              : 9;
  return list
    .map((e) => ({ e, r: rank(e) }))
    .filter(({ r }) => r < 9)
    .sort((a, b) => a.r - b.r)
    .slice(0, limit)
    .map(({ e }) => e);
}
