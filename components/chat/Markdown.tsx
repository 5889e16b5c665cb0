import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

/** A participant a message @mentions, as the reader sees it: `self` when it is the reader. */
export type Mention = { name: string; self: boolean };

type HastNode = {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Wraps each "@Name" of the participants the server found mentioned in a highlighted span. It works on the
 * rendered tree rather than the Markdown source, so a mention inside a link text still renders as a link and
 * one inside code stays code (the server matches "@name" case-insensitively anywhere, so do we).
 */
function rehypeMentions(mentions: Mention[]) {
  const names = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const pattern = new RegExp(`@(${names.map((m) => escapeRegExp(m.name)).join("|")})`, "gi");
  const byName = new Map(names.map((m) => [m.name.toLowerCase(), m]));
  const split = (value: string): HastNode[] => {
    const out: HastNode[] = [];
    let last = 0;
    for (const match of value.matchAll(pattern)) {
      const mention = byName.get(match[1].toLowerCase());
      if (match.index > last) out.push({ type: "text", value: value.slice(last, match.index) });
      out.push({
        type: "element",
        tagName: "span",
        properties: {
          className: [mention?.self ? "mention mention-self" : "mention"],
          dataTestid: mention?.self ? "mention-self" : "mention",
        },
        children: [{ type: "text", value: match[0] }],
      });
      last = match.index + match[0].length;
    }
    if (last < value.length) out.push({ type: "text", value: value.slice(last) });
    return out;
  };
  const walk = (node: HastNode) => {
    if (!node.children || node.tagName === "code" || node.tagName === "pre") return;
    node.children = node.children.flatMap((child) => {
      if (child.type === "text" && child.value) return split(child.value);
      walk(child);
      return [child];
    });
  };
  return () => (tree: HastNode) => walk(tree);
}

// react-markdown never renders raw HTML and drops unsafe URL schemes (javascript:, data:), so message
// bodies cannot inject script. Links open in a new tab without handing over window.opener.
export function Markdown({ children, mentions = [] }: { children: string; mentions?: Mention[] }) {
  return (
    <div className="prose-chat break-words text-sm leading-relaxed">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={mentions.length > 0 ? [rehypeMentions(mentions)] : []}
        components={{
          a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
          img: ({ alt }) => <span>[image: {alt}]</span>,
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
