// The results as a console table and as BENCHMARKS.md. The file's hand-written analysis (between the
// markers below) is kept when a new run rewrites the figures around it.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { root } from "../lib/runtime";
import type { Row, ScenarioResult } from "./scenario";

const ANALYSIS_START = "<!-- analysis:start -->";
const ANALYSIS_END = "<!-- analysis:end -->";
const OTHER_NODE_START = "<!-- other-node:start -->";
const OTHER_NODE_END = "<!-- other-node:end -->";

export type RunInfo = {
  date: string;
  durationSeconds: number;
  machine: [string, string][];
  settings: string[];
};

function packageVersion(name: string): string {
  try {
    return JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return "?";
  }
}

function gitRevision(): string {
  try {
    const rev = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "app", "lib", "components", "scripts"], {
      cwd: root,
      encoding: "utf8",
    }).trim();
    return dirty ? `${rev} + uncommitted changes` : rev;
  } catch {
    return "?";
  }
}

/** Machine, versions and the database's durability settings, which bound commit latency. */
export async function describeMachine(
  databaseUrl: string,
  databaseKind: string,
  loadAtStart: number[],
): Promise<[string, string][]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const setting = async (name: string) => (await client.query(`SHOW ${name}`)).rows[0][name] as string;
  const pgVersion = (await client.query("SHOW server_version")).rows[0].server_version as string;
  const durability = `synchronous_commit=${await setting("synchronous_commit")}, fsync=${await setting("fsync")}, shared_buffers=${await setting("shared_buffers")}`;
  await client.end();
  const cpus = os.cpus();
  const parley = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version;
  return [
    ["CPU", `${cpus.length} × ${cpus[0]?.model ?? "?"}`],
    ["memory", `${(os.totalmem() / 2 ** 30).toFixed(1)} GB`],
    // Other work on the machine shows here: the figures are only as quiet as the machine was.
    ["load average (1 min) at start / end", `${loadAtStart[0].toFixed(2)} / ${os.loadavg()[0].toFixed(2)}`],
    ["OS", `${os.type()} ${os.release()} (${os.arch()})`],
    ["Node.js", process.version],
    ["PostgreSQL", `${pgVersion} (${databaseKind}; ${durability})`],
    ["Parley", `${parley} @ ${gitRevision()}`],
    [
      "Next.js / Prisma client / pg",
      `${packageVersion("next")} / ${packageVersion("@prisma/client")} / ${packageVersion("pg")}`,
    ],
  ];
}

const fmt = (x: number | undefined, unit = "") => {
  if (x === undefined) return "";
  if (!Number.isFinite(x)) return "∞";
  const digits = unit === "ms" && Math.abs(x) < 100 ? 2 : unit === "KB" ? 1 : 0;
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
};

function ratioOf(row: Row): string {
  if (row.other === undefined || !row.other || !Number.isFinite(row.parley) || !Number.isFinite(row.other)) return "";
  return `${(row.parley / row.other).toFixed(2)}×`;
}

function metricText(row: Row): string {
  const unit = row.unit ? ` (${row.unit})` : "";
  return `${row.metric}${unit}${row.versus ? ` [vs ${row.versus}]` : ""}`;
}

const targetText = (row: Row) => (row.target ? `${row.target.met ? "met" : "MISSED"}: ${row.target.text}` : "");

/** The table printed at the end of a run. */
export function consoleTable(results: ScenarioResult[]): string {
  const lines: string[][] = [["", "Parley", "baseline*", "ratio", "target"]];
  for (const r of results) {
    lines.push([`${r.id}. ${r.title}`, "", "", "", ""]);
    for (const row of r.rows)
      lines.push([
        `   ${metricText(row)}`,
        fmt(row.parley, row.unit),
        fmt(row.other, row.unit),
        ratioOf(row),
        targetText(row),
      ]);
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const out = lines.map((l) =>
    l
      .map((cell, c) => (c === 0 || c === 4 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join("  ")
      .trimEnd(),
  );
  out.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  out.push("", "* baseline, or what the row names in [vs …]; ratio = Parley ÷ that figure");
  return out.join("\n");
}

function markdownResults(results: ScenarioResult[]): string {
  const lines = [
    "| scenario | metric | Parley | baseline* | ratio | target |",
    "| --- | --- | ---: | ---: | ---: | --- |",
  ];
  for (const r of results) {
    r.rows.forEach((row, i) => {
      const target = row.target ? `${row.target.met ? "✅ met" : "❌ missed"}: ${row.target.text}` : "";
      lines.push(
        `| ${i === 0 ? `${r.id}. ${r.title}` : ""} | ${metricText(row)} | ${fmt(row.parley, row.unit)} | ${fmt(row.other, row.unit)} | ${ratioOf(row)} | ${target} |`,
      );
    });
  }
  lines.push("", "\\* the baseline, or what the row names in [vs …]; ratio = Parley ÷ that figure.");
  return lines.join("\n");
}

function keptAnalysis(file: string): string {
  const placeholder = `${ANALYSIS_START}\n## Analysis\n\n(Hand-written: why targets were missed and what was done. Kept when \`npm run bench\` rewrites this file.)\n${ANALYSIS_END}`;
  if (!existsSync(file)) return placeholder;
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(ANALYSIS_START);
  const end = text.indexOf(ANALYSIS_END);
  return start >= 0 && end > start ? text.slice(start, end + ANALYSIS_END.length) : placeholder;
}

const between = (text: string, start: string, end: string) => {
  const i = text.indexOf(start);
  const j = text.indexOf(end, i);
  return i >= 0 && j > i ? text.slice(i, j) : null;
};

/**
 * The results of the last run on another major version of Node.js, kept so the file shows both (run
 * `npm run bench` on each). A previous run on a different major moves here; one on this major is replaced.
 */
function keptOtherNode(file: string): string {
  if (!existsSync(file)) return "";
  const text = readFileSync(file, "utf8");
  const previousNode = /\| Node\.js \| (v(\d+)\S*) \|/.exec(text);
  const thisMajor = process.versions.node.split(".")[0];
  if (previousNode && previousNode[2] !== thisMajor) {
    const results = between(text, "## Results\n", "## How each scenario measures");
    const date = /Figures from `npm run bench` on (\S+)/.exec(text)?.[1] ?? "?";
    const load = /\| load average \(1 min\) at start \/ end \| ([^|]+) \|/.exec(text)?.[1]?.trim() ?? "?";
    if (results) {
      return [
        OTHER_NODE_START,
        `## Results on Node.js ${previousNode[1]}`,
        "",
        `The last run on Node.js ${previousNode[1]} (${date}, load average ${load}; same machine and settings otherwise), kept when a run on another major version rewrites the figures above.`,
        "",
        results.replace("## Results\n", "").trim(),
        OTHER_NODE_END,
        "",
      ].join("\n");
    }
  }
  const kept = between(text, OTHER_NODE_START, OTHER_NODE_END);
  return kept ? `${kept}${OTHER_NODE_END}\n` : "";
}

export function writeBenchmarksMd(results: ScenarioResult[], info: RunInfo): string {
  const file = path.join(root, "BENCHMARKS.md");
  const targets = results.flatMap((r) => r.rows.filter((row) => row.target).map((row) => ({ r, row })));
  const met = targets.filter(({ row }) => row.target!.met).length;
  const text = [
    "# Benchmarks",
    "",
    `Figures from \`npm run bench\` on ${info.date} (the run took ${Math.round(info.durationSeconds)} s). The run starts its own`,
    "PostgreSQL and the production build, and measures Parley against a minimal baseline (plain `node:http` + `pg`,",
    "`scripts/bench/baseline-server.ts`) in alternating A/B rounds. Rerun it to refresh every figure below; only the",
    "hand-written analysis at the end is kept.",
    "",
    "## Machine and versions",
    "",
    "| | |",
    "| --- | --- |",
    ...info.machine.map(([k, v]) => `| ${k} | ${v} |`),
    "",
    "## Settings",
    "",
    ...info.settings.map((s) => `- ${s}`),
    "",
    "## Results",
    "",
    markdownResults(results),
    "",
    `Targets met: ${met} of ${targets.length}.`,
    "",
    "## How each scenario measures",
    "",
    ...results.flatMap((r) => [`${r.id}. **${r.title}**: ${r.measured}.`, ...r.notes.map((n) => `   ${n}`), ""]),
    keptOtherNode(file),
    keptAnalysis(file),
    "",
  ].join("\n");
  writeFileSync(file, text);
  return file;
}
