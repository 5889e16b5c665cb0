// Inline icons: no icon font or emoji font needed, and they inherit the text colour.
const common = {
  width: 14,
  height: 14,
  viewBox: "0 0 24 24",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

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
    rating === "up"
      ? ["Rated up", <ThumbUp key="i" />, "text-emerald-700"]
      : rating === "down"
        ? ["Rated down", <ThumbDown key="i" />, "text-red-700"]
        : ["Comment only", <CommentIcon key="i" />, "text-slate-600"];
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      className={`inline-flex items-center ${colour}`}
      data-rating={rating ?? "none"}
    >
      {icon}
    </span>
  );
}

export function PaperclipIcon() {
  return (
    <svg {...common} width={16} height={16} aria-hidden="true">
      <path d="m21.4 11.1-8.5 8.5a5.5 5.5 0 0 1-7.8-7.8l8.5-8.5a3.7 3.7 0 0 1 5.2 5.2l-8.5 8.5a1.8 1.8 0 0 1-2.6-2.6l7.8-7.8" />
    </svg>
  );
}

export function FileIcon() {
  return (
    <svg {...common} width={20} height={20} aria-hidden="true">
      <path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z" />
      <path d="M14 2v6h6" />
    </svg>
  );
}
