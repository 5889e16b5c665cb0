// What every scenario receives and returns.
import type { ParleyClient } from "../lib/parley-client";
import type { ServerProcess } from "./environment";
import type { ChatTarget } from "./targets";

export type BenchContext = {
  databaseUrl: string;
  /** Parley instance A and the person signed in on it (the session cookie also works on other instances). */
  parleyServer: ServerProcess;
  owner: ParleyClient;
  parley: ChatTarget;
  baseline: ChatTarget;
  /** The baseline's work as bare route handlers in Parley's build and process (scripts/bench/bare-route). */
  bare: ChatTarget;
  /** 1 for the full run; smaller with --quick (fewer samples, shorter steps). */
  scale: number;
  log(line: string): void;
};

/** A target for the product: `met` is decided from this run's figures. */
export type Target = { text: string; met: boolean };

export type Row = {
  metric: string;
  unit: string;
  parley: number;
  /** The comparison figure: the baseline, or what the scenario compares with (named in `versus`). */
  other?: number;
  versus?: string;
  /** How the ratio reads: parley ÷ other (default). */
  ratio?: number;
  target?: Target;
};

export type ScenarioResult = { id: number; title: string; measured: string; rows: Row[]; notes: string[] };

export type Scenario = { id: number; title: string; run(ctx: BenchContext): Promise<ScenarioResult> };

/** Scales a sample count for --quick, keeping at least `min`. */
export function scaled(ctx: BenchContext, n: number, min = 1): number {
  return Math.max(min, Math.round(n * ctx.scale));
}
