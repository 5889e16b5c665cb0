import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { CopyButton } from "@/components/ui/CopyButton";
import { languageOf, rehypeHighlight, type TreeNode, textUnder } from "./highlight";

/** A participant a message @mentions, as the reader sees it: `self` when it is the reader. */
export type Mention = { name: string; self: boolean };

/** Replaces every text node under `node` by what `replace` makes of it, skipping code. */
function mapText(node: TreeNode, replace: (value: string) => TreeNode[]) {
  if (!node.children || node.tagName === "code" || node.tagName === "pre") return;
  node.children = node.children.flatMap((child) => {
    if (child.type === "text" && child.value) return replace(child.value);
    mapText(child, replace);
    return [child];
  });
}

/** Splits `value` around the matches of `pattern`, making a node of each match. */
function splitText(value: string, pattern: RegExp, make: (match: string) => TreeNode): TreeNode[] {
  const out: TreeNode[] = [];
  let last = 0;
  for (const match of value.matchAll(pattern)) {
    if (match.index > last) out.push({ type: "text", value: value.slice(last, match.index) });
    out.push(make(match[0]));
    last = match.index + match[0].length;
  }
  if (last < value.length) out.push({ type: "text", value: value.slice(last) });
  return out;
}

/**
 * A single newline is a line break, as people expect in a chat (Markdown would join the lines). It runs on
 * the Markdown tree, where text nodes exist only inside paragraphs, headings, list items and table cells
 * (code has its own node type), so newlines between blocks are never touched.
 */
const remarkLineBreaks = () => (tree: TreeNode) =>
  mapText(tree, (value) => splitText(value, /\r?\n/g, () => ({ type: "break" })));

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Wraps each "@Name" of the participants the server found mentioned in a highlighted span. It works on the
 * rendered tree rather than the Markdown source, so a mention inside a link text still renders as a link and
 * one inside code stays code (the server matches "@name" case-insensitively anywhere, so do we).
 */
function rehypeMentions(mentions: Mention[]) {
  const names = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const pattern = new RegExp(`@(${names.map((m) => escapeRegExp(m.name)).join("|")})`, "gi");
  const self = new Set(names.filter((m) => m.self).map((m) => m.name.toLowerCase()));
  const span = (match: string): TreeNode => {
    const mine = self.has(match.slice(1).toLowerCase());
    return {
      type: "element",
      tagName: "span",
      properties: {
        className: [mine ? "mention mention-self" : "mention"],
        dataTestid: mine ? "mention-self" : "mention",
      },
      children: [{ type: "text", value: match }],
    };
  };
  return () => (tree: TreeNode) => mapText(tree, (value) => splitText(value, pattern, span));
}

// Defined once, outside any render: a new function per render would be a new component type each time, and
// React would remount the regions below (losing the focus of a code block someone is scrolling).
const COMPONENTS: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
  img: ({ alt }) => <span>[image: {alt}]</span>,
  // Wide code and tables scroll sideways in a region a keyboard can reach (tabIndex) and scroll with the arrows.
  // A fenced block names its language above the code (```ts), is highlighted when the language is known, and
  // has its own Copy button (the code alone, without the fence), above the block rather than over it, so it
  // never hides code that scrolls under it.
  pre: ({ node, ...props }) => {
    const language = languageOf(node?.children[0] as TreeNode | undefined);
    return (
      <div className="my-1">
        <div className="flex justify-end">
          <CopyButton
            text={textUnder(node as TreeNode | undefined).replace(/\n$/, "")}
            label="Copy code"
            className="rounded px-1 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-800"
          />
        </div>
        <ScrollRegion label={language ? `Code block, ${language}` : "Code block"}>
          {language && (
            <span className="code-language" data-testid="code-language">
              {language}
            </span>
          )}
          <pre {...props} />
        </ScrollRegion>
      </div>
    );
  },
  table: ({ node: _node, ...props }) => (
    <ScrollRegion label="Table">
      <table {...props} />
    </ScrollRegion>
  ),
};

// react-markdown never renders raw HTML and drops unsafe URL schemes (javascript:, data:), so message
// bodies cannot inject script. Links open in a new tab without handing over window.opener.
export function Markdown({ children, mentions = [] }: { children: string; mentions?: Mention[] }) {
  return (
    <div className="prose-chat break-words text-sm leading-relaxed">
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkLineBreaks]}
        rehypePlugins={mentions.length > 0 ? [rehypeHighlight, rehypeMentions(mentions)] : [rehypeHighlight]}
        components={COMPONENTS}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}

function ScrollRegion({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take the focus to scroll by keyboard
      tabIndex={0}
      className="my-1 overflow-x-auto rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
    >
      {children}
    </section>
  );
}
