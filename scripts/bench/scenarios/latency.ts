// Scenario 1: post → SSE delivery latency, one sender and one subscriber, Parley vs the baseline.
import { type BenchContext, type Scenario, scaled } from "../scenario";
import { summarize } from "../stats";
import { alternatingLatency } from "./sequential-latency";

const ROUNDS = 6;
const PER_ROUND = 100;
const WARMUP = 30;

export const latencyScenario: Scenario = {
  id: 1,
  title: "post → SSE delivery, 1 sender, 1 subscriber",
  async run(ctx: BenchContext) {
    const rounds = scaled(ctx, ROUNDS, 2);
    const samples = await alternatingLatency([ctx.parley, ctx.baseline], { rounds, perRound: PER_ROUND, warmup: WARMUP, log: ctx.log });
    const parley = summarize(samples.get(ctx.parley)!);
    const baseline = summarize(samples.get(ctx.baseline)!);
    return {
      id: 1,
      title: this.title,
      measured: `send-start → event read by the subscriber; ${rounds} alternating rounds × ${PER_ROUND} sequential messages per side (n = ${parley.n})`,
      rows: [
        {
          metric: "p50",
          unit: "ms",
          parley: parley.p50,
          other: baseline.p50,
          target: { text: "≤ baseline + 2 ms", met: parley.p50 <= baseline.p50 + 2 },
        },
        {
          metric: "p99",
          unit: "ms",
          parley: parley.p99,
          other: baseline.p99,
          target: { text: "≤ 1.5 × baseline", met: parley.p99 <= 1.5 * baseline.p99 },
        },
        { metric: "mean", unit: "ms", parley: parley.mean, other: baseline.mean },
      ],
      notes: [],
    };
  },
};
