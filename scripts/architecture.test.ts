import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// The import rules of .dependency-cruiser.cjs, shown to fail where they should: on a small tree that breaks
// each of them (the real tree is checked by `npm run lint`).
const root = path.resolve(import.meta.dirname, "..");
const fixture = mkdtempSync(path.join(tmpdir(), "parley-architecture-"));
afterAll(() => rmSync(fixture, { recursive: true, force: true }));

function write(file: string, source: string) {
  mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
  writeFileSync(path.join(fixture, file), source);
}

async function violations(): Promise<{ rule: string; from: string; to: string }[]> {
  const bin = path.join(root, "node_modules/.bin/depcruise");
  const config = path.join(root, ".dependency-cruiser.cjs");
  const run = promisify(execFile);
  const { stdout } = await run(bin, ["--config", config, "--output-type", "json", "lib", "app"], { cwd: fixture }).catch(
    (err) => err,
  );
  return JSON.parse(stdout).summary.violations.map((v: any) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe("the architecture's import rules", () => {
  it("refuse an import from a lower part into a higher one, a cycle, UI in lib/ and bench code in the product", async () => {
    write("tsconfig.json", "{}");
    write("lib/platform/env.ts", 'import { x } from "../rooms/rooms";\nexport const env = x;\n');
    write("lib/rooms/rooms.ts", 'import { y } from "../agents/agents";\nexport const x = y;\n');
    write("lib/agents/agents.ts", "export const y = 1;\n");
    write("lib/agents/a.ts", 'import { b } from "./b";\nexport const a = b;\n');
    write("lib/agents/b.ts", 'import { a } from "./a";\nexport const b = () => a;\n');
    write("lib/ops/health.ts", 'import "../../components/View";\nimport "../../scripts/bench/baseline";\n');
    write("components/View.ts", "export {};\n");
    write("scripts/bench/baseline.ts", "export {};\n");
    write("lib/client/api.ts", 'import "../platform/env";\n');
    write("app/api/bench/route.ts", 'import "../../../scripts/bench/baseline";\n');

    const found = await violations();
    const rules = (from: string) => found.filter((v) => v.from === from).map((v) => v.rule);
    expect(rules("lib/platform/env.ts")).toEqual(["platform-imports-below-only"]);
    expect(rules("lib/rooms/rooms.ts")).toEqual(["rooms-imports-below-only"]);
    expect(rules("lib/agents/a.ts")).toContain("no-cycles");
    expect(rules("lib/ops/health.ts").sort()).toEqual(["bench-out-of-the-product", "lib-is-below-the-ui"]);
    expect(rules("lib/client/api.ts")).toContain("client-is-browser-only");
    // the benchmark's own routes may load it
    expect(rules("app/api/bench/route.ts")).toEqual([]);
  });
});
