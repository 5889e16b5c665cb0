/** The full date and time, for a tooltip or a screen reader: "Thursday, December 3, 2026 at 10:17". */
export const fullDate = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: "full", timeStyle: "short" });

const FORMATS = {
  /** 10:17 */
  time: { hour: "2-digit", minute: "2-digit" },
  /** Dec 3, 2026, 10:17 */
  dateTime: { dateStyle: "medium", timeStyle: "short" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** A moment shown short, with its full date a hover (title) away: every time on the page says which day it was. */
export function Time({
  iso,
  format = "dateTime",
  className,
}: {
  iso: string;
  format?: keyof typeof FORMATS;
  className?: string;
}) {
  return (
    <time dateTime={iso} title={fullDate(iso)} className={className}>
      {new Date(iso).toLocaleString([], FORMATS[format])}
    </time>
  );
}
