import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import dockerfile from "highlight.js/lib/languages/dockerfile";
import go from "highlight.js/lib/languages/go";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import { createLowlight } from "lowlight";

// Syntax highlighting for fenced code blocks with a language. highlight.js's core with the languages a
// chat about software mostly shows (each grammar brings its own aliases: ts, js, sh, py, yml, html…): all
// 190 would add about a megabyte to every room page. Unnamed or unknown languages stay plain.
const lowlight = createLowlight({
  bash,
  css,
  diff,
  dockerfile,
  go,
  javascript,
  json,
  markdown,
  python,
  rust,
  sql,
  typescript,
  xml,
  yaml,
});

/** The few fields of mdast and hast nodes (the Markdown and HTML trees; lowlight's output is hast too) the plugins touch. */
export type TreeNode = {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: TreeNode[];
};

/** The text under a node of the tree: a code block's code, as written. */
export const textUnder = (node: TreeNode | undefined): string =>
  node?.type === "text" ? (node.value ?? "") : (node?.children ?? []).map(textUnder).join("");

/** The language a fenced block names (```ts → "ts"), from the class remark gives its <code>. */
export function languageOf(code: TreeNode | undefined): string | null {
  const classes = code?.properties?.className;
  if (!Array.isArray(classes)) return null;
  const named = classes.find((c): c is string => typeof c === "string" && c.startsWith("language-"));
  return named ? named.slice("language-".length) : null;
}

/**
 * A rehype plugin: the <code> of each <pre> whose language is known gets highlight.js's token spans (as
 * tree nodes, never HTML strings, so message text cannot inject markup). Colours are in globals.css.
 */
export const rehypeHighlight = () => (tree: TreeNode) => {
  const visit = (node: TreeNode) => {
    for (const child of node.children ?? []) {
      if (node.tagName === "pre" && child.tagName === "code") {
        const language = languageOf(child);
        if (language && lowlight.registered(language)) {
          child.children = lowlight.highlight(language, textUnder(child)).children as TreeNode[];
          const classes = child.properties?.className;
          child.properties = { ...child.properties, className: [...(Array.isArray(classes) ? classes : []), "hljs"] };
        }
      } else visit(child);
    }
  };
  visit(tree);
};
