import { Fragment } from "react";
import { SNIPPET_MARK } from "@/lib/platform/schemas";

/**
 * A search snippet with its matched words in <mark>. The server brackets them with control characters
 * rather than HTML, so the text is rendered as text (React escapes it) and <mark> is the only element.
 */
export function Snippet({ text }: { text: string }) {
  const parts: { text: string; marked: boolean }[] = [];
  for (const [i, chunk] of text.split(SNIPPET_MARK.start).entries()) {
    if (i === 0) {
      parts.push({ text: chunk, marked: false });
      continue;
    }
    const [marked, ...rest] = chunk.split(SNIPPET_MARK.stop);
    parts.push({ text: marked, marked: true }, { text: rest.join(""), marked: false });
  }
  return (
    <>
      {parts.map((p, i) =>
        p.marked ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, never reordered
          <mark key={i} className="rounded bg-yellow-200 px-0.5 text-inherit">
            {p.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}
