import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

// react-markdown never renders raw HTML and drops unsafe URL schemes (javascript:, data:), so message
// bodies cannot inject script. Links open in a new tab without handing over window.opener.
export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose-chat break-words text-sm leading-relaxed">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
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
