// Inline icons: no icon font or emoji font needed, and they inherit the text colour.
const common = { width: 14, height: 14, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round" } as const;

export function ThumbUp() {
  return (
    <svg {...common} aria-hidden="true">
      <path d="M7 10v11H3V10h4zm0 0 4-8a3 3 0 0 1 3 3v4h6a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.6 21H7" />
    </svg>
  );
}

export function ThumbDown() {
  return (
    <svg {...common} aria-hidden="true">
      <path d="M17 14V3h4v11h-4zm0 0-4 8a3 3 0 0 1-3-3v-4H4a2 2 0 0 1-2-2.3l1.4-8A2 2 0 0 1 5.4 3H17" />
    </svg>
  );
}

export function Bell({ off = false }: { off?: boolean }) {
  return (
    <svg {...common} aria-hidden="true">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      {off && <path d="m2 2 20 20" />}
    </svg>
  );
}
export function CommentIcon() {
  return (
    <svg {...common} aria-hidden="true">
      <path d="M21 12a8 8 0 0 1-11.6 7.1L3 21l1.9-6.4A8 8 0 1 1 21 12z" />
    </svg>
  );
}

/** A feedback rating as its icon, with the words for screen readers (and a title for pointers). */
export function RatingIcon({ rating }: { rating: "up" | "down" | null }) {
  const [label, icon, colour] =
    rating === "up" ? ["Rated up", <ThumbUp key="i" />, "text-emerald-700"] : rating === "down" ? ["Rated down", <ThumbDown key="i" />, "text-red-700"] : ["Comment only", <CommentIcon key="i" />, "text-slate-600"];
  return (
    <span role="img" aria-label={label} title={label} className={`inline-flex items-center ${colour}`} data-rating={rating ?? "none"}>
      {icon}
    </span>
  );
}
