// `npm test`: type-check, lint, production build, integration tests (vitest, real PostgreSQL), then
// browser tests (Playwright, Chromium) against the production build. Stops at the first failure.
import { ensureBuild, run } from "./lib/runtime";

const steps: [string, () => Promise<void>][] = [
  ["type-check", () => run("npx", ["tsc", "--noEmit"])],
  ["lint", () => run("npx", ["biome", "lint", "."])],
  ["build", async () => void (await ensureBuild())],
  ["integration tests", () => run("npx", ["vitest", "run"])],
  ["browser tests", () => run("npx", ["playwright", "test"])],
];

for (const [name, step] of steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  try {
    await step();
  } catch (err) {
    console.error(`✖ ${name} failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
  console.log(`✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
