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
    const samples = await alternatingLatency([ctx.parley, ctx.bare, ctx.baseline], {
      rounds,
      perRound: PER_ROUND,
      warmup: WARMUP,
      log: ctx.log,
    });
    const parley = summarize(samples.get(ctx.parley)!);
    const bare = summarize(samples.get(ctx.bare)!);
    const baseline = summarize(samples.get(ctx.baseline)!);
    return {
      id: 1,
      title: this.title,
      measured: `send-start → event read by the subscriber; ${rounds} alternating rounds × ${PER_ROUND} sequential messages per side (n = ${parley.n}), Parley, the bare Next route (the baseline's SQL and SSE write as route handlers in Parley's build and process) and the baseline; in the "bare Next route alone" rows the Parley column holds the bare route's figure`,
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
        // baseline → bare Next route → Parley: the framework's share, then Parley's own.
        {
          metric: "p50",
          unit: "ms",
          parley: parley.p50,
          other: bare.p50,
          versus: "bare Next route",
          target: { text: "≤ bare Next route + 1 ms", met: parley.p50 <= bare.p50 + 1 },
        },
        { metric: "p99", unit: "ms", parley: parley.p99, other: bare.p99, versus: "bare Next route" },
        { metric: "bare Next route alone: p50", unit: "ms", parley: bare.p50, other: baseline.p50 },
        { metric: "bare Next route alone: p99", unit: "ms", parley: bare.p99, other: baseline.p99 },
      ],
      notes: [],
    };
  },
};
