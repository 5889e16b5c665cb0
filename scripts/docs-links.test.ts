// The documentation stays navigable: every relative link and anchor in README.md, docs/ and the lib/ folders'
// READMEs resolves, the README stays short, and the folder map in docs/architecture.md matches the tree.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const README_MAX_LINES = 200;
const ARCHITECTURE = "docs/architecture.md";
const FOLDER_MAP_HEADING = "Folder map";

/** Every file under `dir` (relative to the repository), skipping the folders `skip` names. */
function walk(dir: string, skip: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!skip(rel)) out.push(rel, ...walk(rel, skip));
    } else out.push(rel);
  }
  return out;
}

const notGenerated = (rel: string) => rel === "lib/generated" || rel.startsWith("lib/generated/");

/** The folders of lib/ (lib/generated, Prisma's generated client, is no part of the tree Parley writes). */
const libFolders = () =>
  walk("lib", notGenerated)
    .filter((rel) => statSync(path.join(root, rel)).isDirectory())
    .sort();

const docFiles = (): string[] =>
  [
    "README.md",
    ...walk("docs").filter((f) => f.endsWith(".md")),
    ...walk("lib", notGenerated).filter((f) => path.basename(f) === "README.md"),
  ].sort();

const read = (rel: string) => readFileSync(path.join(root, rel), "utf8");

/** The text outside fenced code blocks, line numbers kept (fenced lines become empty). */
function prose(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split("\n").map((line) => {
    const marker = line.match(/^\s*(`{3,}|~{3,})/)?.[1];
    if (marker && (fence === null || marker[0] === fence[0])) {
      fence = fence === null ? marker : null;
      return "";
    }
    return fence === null ? line : "";
  });
}

/**
 * Inline code spans blanked out (line breaks kept, so positions still map to lines): `[a](b)` written as code
 * is not a link. A code span may run over a line break, never over a blank line.
 */
const withoutCode = (text: string) =>
  text.replace(/(`+)(?:[^`\n]|\n(?!\s*\n))*?\1/g, (span) => span.replace(/[^\n]/g, " "));

/** GitHub's heading anchors: lowercase, punctuation dropped (hyphens and underscores stay), spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/[`*]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors a Markdown file offers: one per heading, repeated slugs numbered -1, -2… as GitHub does. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of prose(markdown)) {
    const heading = line.match(/^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

type Link = { file: string; line: number; target: string };

// Link text may run over line breaks within a paragraph; a target may hold one level of parentheses
// (app/(rooms)/…), then an optional title.
const INLINE_LINK = /!?\[(?:[^\]\n]|\n(?!\s*\n))*\]\(\s*(<[^>]*>|(?:[^()\s]|\([^()\s]*\))+)(?:\s+["'(][^)]*)?\)/g;
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)/gm;

/** Inline links and images `[text](target)`, and reference definitions `[ref]: target`, outside code. */
function linksIn(file: string, markdown: string): Link[] {
  const text = withoutCode(prose(markdown).join("\n"));
  const lineAt = (index: number) => text.slice(0, index).split("\n").length;
  return [...text.matchAll(INLINE_LINK), ...text.matchAll(DEFINITION)]
    .map((m) => ({ file, line: lineAt(m.index), target: unbracket(m[1]) }))
    .sort((a, b) => a.line - b.line);
}

const unbracket = (target: string) => target.replace(/^<(.*)>$/, "$1");

/** External: any scheme (http:, https:, mailto:…) or a protocol-relative URL. */
const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");

/** Why a relative link does not resolve, or null when it does. */
function brokenReason({ file, target }: Link): string | null {
  const hash = target.indexOf("#");
  const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
  const anchor = hash === -1 ? null : decodeURIComponent(target.slice(hash + 1));
  const resolved = pathPart === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart));
  if (resolved.startsWith("../")) return `points outside the repository (${resolved})`;
  if (!existsSync(path.join(root, resolved))) return `${resolved} does not exist`;
  if (anchor === null || anchor === "") return null;
  if (!resolved.endsWith(".md")) return null;
  if (!anchorsOf(read(resolved)).has(anchor)) return `${resolved} has no heading with the anchor #${anchor}`;
  return null;
}

/** The section of docs/architecture.md under its "Folder map" heading, up to the next heading of that level. */
function folderMap(): string {
  const lines = read(ARCHITECTURE).split("\n");
  const start = lines.findIndex((l) => new RegExp(`^(#{1,6})\\s+${FOLDER_MAP_HEADING}\\s*$`).test(l));
  if (start === -1) return "";
  const level = lines[start].match(/^#+/)![0].length;
  const end = lines.findIndex((l, i) => i > start && new RegExp(`^#{1,${level}}\\s`).test(l));
  return lines.slice(start + 1, end === -1 ? undefined : end).join("\n");
}

/** The lib/ paths a text names (`lib/rooms/`, `lib/platform/env.ts`), each once; not scripts/lib/…. */
const libPathsIn = (text: string) => [
  ...new Set((text.match(/(?<![\w./-])lib\/[\w.\-/]*/g) ?? []).map((p) => p.replace(/\.+$/, ""))),
];

/**
 * The top-level names the folder map's first code block starts its lines with: `app/   pages…` names app/,
 * `Dockerfile, docker-compose.yml  …` names both. Indented lines continue the line above.
 */
function topLevelNamed(map: string): string[] {
  const block = map.match(/```[^\n]*\n([\s\S]*?)\n```/)?.[1] ?? "";
  return block
    .split("\n")
    .filter((line) => /^\S/.test(line))
    .flatMap((line) => line.split(/\s{2,}/)[0].split(/,\s*/))
    .map((name) => name.trim())
    .filter(Boolean);
}

describe("documentation", () => {
  it("finds the files it checks", () => {
    const files = docFiles();
    expect(files).toContain("README.md");
    expect(files).toContain(ARCHITECTURE);
    const relative = files.flatMap((file) => linksIn(file, read(file))).filter((link) => !isExternal(link.target));
    expect(relative.length).toBeGreaterThan(20);
  });

  it("has only relative links and anchors that resolve", () => {
    const broken = docFiles()
      .flatMap((file) => linksIn(file, read(file)))
      .filter((link) => !isExternal(link.target))
      .flatMap((link) => {
        const reason = brokenReason(link);
        return reason ? [`${link.file}:${link.line}: [${link.target}] ${reason}`] : [];
      });
    expect(broken, `broken links:\n${broken.join("\n")}`).toEqual([]);
  });

  it(`keeps README.md at most ${README_MAX_LINES} lines`, () => {
    const lines = read("README.md").replace(/\n$/, "").split("\n").length;
    expect(lines, `README.md has ${lines} lines; move detail into docs/`).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it("names every folder of lib/ in the folder map of docs/architecture.md", () => {
    const map = folderMap();
    expect(map, `${ARCHITECTURE} has no "## ${FOLDER_MAP_HEADING}" section`).not.toBe("");
    const named = libPathsIn(map);
    const missing = libFolders().filter((dir) => !named.includes(`${dir}/`));
    expect(missing, `folders missing from the folder map in ${ARCHITECTURE}:\n${missing.join("\n")}`).toEqual([]);
  });

  it("names only lib/ paths that exist in the folder map of docs/architecture.md", () => {
    const named = libPathsIn(folderMap());
    expect(named.length).toBeGreaterThan(0);
    const absent = named.filter((p) => !existsSync(path.join(root, p)));
    expect(
      absent,
      `paths in the folder map of ${ARCHITECTURE} that are not in the tree:\n${absent.join("\n")}`,
    ).toEqual([]);
  });

  it("names, in each lib/ row of the folder map, only files that are in that folder", () => {
    const absent = folderMap()
      .split("\n")
      .flatMap((line) => {
        const folder = line.match(/^\|\s*\[?`(lib\/[\w./-]+\/)`/)?.[1];
        if (!folder) return [];
        const files = [...line.matchAll(/`([\w.-]+\.(?:ts|tsx|cjs))`/g)].map((m) => `${folder}${m[1]}`);
        return files.filter((file) => !existsSync(path.join(root, file)));
      });
    expect(
      absent,
      `files in the folder map of ${ARCHITECTURE} that are not in the tree:\n${absent.join("\n")}`,
    ).toEqual([]);
  });

  it("names every top-level folder, and only what exists, in the folder map of docs/architecture.md", () => {
    const named = topLevelNamed(folderMap());
    const absent = named.filter((name) => !existsSync(path.join(root, name)));
    expect(
      absent,
      `top-level names in the folder map of ${ARCHITECTURE} that do not exist:\n${absent.join("\n")}`,
    ).toEqual([]);
    const ignored = new Set(
      read(".gitignore")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => /^[\w.-]+\/$/.test(l)),
    );
    const missing = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !ignored.has(`${e.name}/`))
      .map((e) => `${e.name}/`)
      .filter((dir) => !named.includes(dir));
    expect(missing, `top-level folders missing from the folder map in ${ARCHITECTURE}:\n${missing.join("\n")}`).toEqual(
      [],
    );
  });
});

describe("the link checker", () => {
  it("makes GitHub's anchors", () => {
    expect(slug("Claude in a room in one minute (hosted by Parley)")).toBe(
      "claude-in-a-room-in-one-minute-hosted-by-parley",
    );
    expect(slug("Keyboard, screen readers and dark mode")).toBe("keyboard-screen-readers-and-dark-mode");
    expect(slug("`get_pending_messages` as a task")).toBe("get_pending_messages-as-a-task");
    expect(slug("Where streams and sends are served, and why")).toBe("where-streams-and-sends-are-served-and-why");
    expect([...anchorsOf("# A\n## Notes\n```\n# not a heading\n```\n## Notes\n### Notes")]).toEqual([
      "a",
      "notes",
      "notes-1",
      "notes-2",
    ]);
  });

  it("finds links outside code and skips links written as code", () => {
    const markdown = [
      'see [a](x.md#b), ![pic](p.png "title") and `[c](nope.md)`, [d](app/(rooms)/page.tsx)',
      "```",
      "[e](nope.md)",
      "```",
      "[ref]: <y.md>",
      "a link whose [text runs",
      "over a line break](w.md) and `code that",
      "runs over one [f](nope.md)`",
    ].join("\n");
    expect(linksIn("docs/z.md", markdown)).toEqual([
      { file: "docs/z.md", line: 1, target: "x.md#b" },
      { file: "docs/z.md", line: 1, target: "p.png" },
      { file: "docs/z.md", line: 1, target: "app/(rooms)/page.tsx" },
      { file: "docs/z.md", line: 5, target: "y.md" },
      { file: "docs/z.md", line: 6, target: "w.md" },
    ]);
  });

  it("reads lib/ paths, not scripts/lib/ ones", () => {
    expect(libPathsIn("lib/rooms/ and lib/platform/env.ts. scripts/lib/runtime.ts")).toEqual([
      "lib/rooms/",
      "lib/platform/env.ts",
    ]);
  });
});
