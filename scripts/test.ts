// `npm test`: type-check, lint (with the architecture's import rules), production build, integration tests
// (vitest, real PostgreSQL), then browser tests (Playwright, Chromium) against the production build.
// Stops at the first failure.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureBuild, root, run } from "./lib/runtime";

const output = path.join(root, "test-output");
rmSync(output, { recursive: true, force: true });

const RUNTIME_ENV = {
  DATABASE_URL: "postgresql://parley:secret@db.invalid:5432/parley",
  AUTH_SECRET: "a-runtime-secret-that-the-build-never-needs",
  PUBLIC_URL: "https://parley.example.com",
  EVENT_BUS: "poll",
  ANTHROPIC_API_KEY: "sk-ant-build-time",
};

const steps: [string, () => Promise<void>][] = [
  ["type-check", () => run("npx", ["tsc", "--noEmit"])],
  ["lint", () => run("npm", ["run", "lint"])],
  // Built with a full runtime environment set, as Vercel and CI builds run: the build must not depend on it.
  ["build", async () => void (await ensureBuild(RUNTIME_ENV))],
  ["integration tests", () => runTests(["vitest", "run"], "vitest.json", (r) => r.numFailedTests + r.numFailedTestSuites)],
  ["browser tests", () => runTests(["playwright", "test"], "playwright.json", (r) => r.stats.unexpected)],
];

/**
 * Runs a test runner and lets its JSON report, not its exit code, decide: the embedded PostgreSQL's exit hook
 * can reset a runner's exit code to 0 after failures.
 */
async function runTests(args: string[], reportFile: string, failuresOf: (report: any) => number): Promise<void> {
  await run("npx", args);
  const report = read(reportFile);
  if (!report) throw new Error(`no report in test-output/${reportFile}`);
  const failures = failuresOf(report);
  if (failures > 0) throw new Error(`${failures} failed`);
}

function read(file: string): any {
  const full = path.join(output, file);
  return existsSync(full) ? JSON.parse(readFileSync(full, "utf8")) : null;
}

for (const [name, step] of steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  try {
    await step();
  } catch (err) {
    console.error(`✖ ${name} failed: ${err instanceof Error ? err.message : err}`);
    console.log(`\n${summary()}`);
    process.exit(1);
  }
  console.log(`✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/** One closing line over both runners, from their JSON reports. */
function summary(): string {
  const unit = read("vitest.json");
  const browser = read("playwright.json")?.stats;
  const passed = (unit?.numPassedTests ?? 0) + (browser?.expected ?? 0) + (browser?.flaky ?? 0);
  const failed = (unit?.numFailedTests ?? 0) + (browser?.unexpected ?? 0);
  const skipped = (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (browser?.skipped ?? 0);
  return `Summary: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

console.log(`\n${summary()}`);
