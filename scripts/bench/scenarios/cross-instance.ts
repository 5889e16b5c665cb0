// Scenario 7: two Parley instances on one PostgreSQL. The sender posts to instance A; the subscriber
// reads from instance B (the event crosses through LISTEN/NOTIFY) or, for comparison, from A itself.
import { startParley } from "../environment";
import { type BenchContext, type Scenario, scaled } from "../scenario";
import { summarize } from "../stats";
import { crossTarget, parleyTarget } from "../targets";
import { alternatingLatency } from "./sequential-latency";

const ROUNDS = 4;
const PER_ROUND = 100;

export const crossInstanceScenario: Scenario = {
  id: 7,
  title: "two app instances on one PostgreSQL",
  async run(ctx: BenchContext) {
    const b = await startParley(ctx.databaseUrl, "Parley B");
    try {
      const onB = parleyTarget({ name: "Parley B", url: b.url, pid: b.pid, cookie: ctx.owner.cookieHeader() });
      const cross = crossTarget("A → B", ctx.parley, onB);
      const same = crossTarget("A → A", ctx.parley, ctx.parley);
      const rounds = scaled(ctx, ROUNDS, 2);
      const samples = await alternatingLatency([cross, same], { rounds, perRound: PER_ROUND, warmup: 30, log: ctx.log });
      const [c, s] = [summarize(samples.get(cross)!), summarize(samples.get(same)!)];
      return {
        id: 7,
        title: this.title,
        measured: `send-start on A → event read from B (cross) or from A (same); ${rounds} alternating rounds × ${PER_ROUND} sequential messages (n = ${c.n})`,
        rows: [
          { metric: "p50", unit: "ms", parley: c.p50, other: s.p50, versus: "same instance" },
          { metric: "p99", unit: "ms", parley: c.p99, other: s.p99, versus: "same instance" },
        ],
        notes: [],
      };
    } finally {
      await b.stop();
    }
  },
};
