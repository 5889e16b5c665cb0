// Scenario 2: fan-out. One sender, 100 subscribers in one room: time until the last subscriber has the
// message, and the spread between the first and the last.
import { performance } from "node:perf_hooks";
import { inBatches } from "../http-client";
import { type BenchContext, type Scenario, scaled } from "../scenario";
import { roundOrder, summarize, withTimeout } from "../stats";
import { type ChatTarget, nextTag } from "../targets";

const SUBSCRIBERS = 100;
const ROUNDS = 4;
const PER_ROUND = 25;

type Delivery = { first: number; last: number; count: number; done: () => void };
type Sample = { toLast: number; spread: number };

async function fanOutRound(target: ChatTarget, messages: number): Promise<Sample[]> {
  const roomId = await target.createRoom();
  const deliveries = new Map<string, Delivery>();
  const onMessage = (body: string, at: number) => {
    const d = deliveries.get(body);
    if (!d) return;
    if (d.count === 0) d.first = at;
    d.last = at;
    if (++d.count === SUBSCRIBERS) d.done();
  };
  const streams: { close(): void }[] = [];
  await inBatches(
    Array.from({ length: SUBSCRIBERS }),
    20,
    async () => void streams.push(await target.subscribe(roomId, onMessage)),
  );
  const samples: Sample[] = [];
  try {
    for (let i = 0; i < messages; i++) {
      const tag = nextTag();
      const all = new Promise<void>((resolve) => deliveries.set(tag, { first: 0, last: 0, count: 0, done: resolve }));
      const startedAt = performance.now();
      await Promise.all([target.send(roomId, tag), withTimeout(all, 10_000, `${target.name} fan-out`)]);
      const d = deliveries.get(tag)!;
      deliveries.delete(tag);
      samples.push({ toLast: d.last - startedAt, spread: d.last - d.first });
    }
  } finally {
    for (const s of streams) s.close();
  }
  return samples;
}

export const fanOutScenario: Scenario = {
  id: 2,
  title: `fan-out, 1 sender, ${SUBSCRIBERS} subscribers in one room`,
  async run(ctx: BenchContext) {
    const samples = new Map<ChatTarget, Sample[]>([
      [ctx.parley, []],
      [ctx.baseline, []],
    ]);
    for (const target of samples.keys()) await fanOutRound(target, 5); // warm-up
    const rounds = scaled(ctx, ROUNDS, 2);
    for (let round = 0; round < rounds; round++) {
      for (const target of roundOrder(round, ctx.parley, ctx.baseline)) {
        samples.get(target)!.push(...(await fanOutRound(target, PER_ROUND)));
      }
      ctx.log(`  round ${round + 1}/${rounds}`);
    }
    const toLast = (t: ChatTarget) => summarize(samples.get(t)!.map((s) => s.toLast));
    const spread = (t: ChatTarget) => summarize(samples.get(t)!.map((s) => s.spread));
    const [pl, bl, ps, bs] = [toLast(ctx.parley), toLast(ctx.baseline), spread(ctx.parley), spread(ctx.baseline)];
    return {
      id: 2,
      title: this.title,
      measured: `send-start → event read by the last of ${SUBSCRIBERS} streams, and first → last arrival; ${rounds} alternating rounds × ${PER_ROUND} messages (n = ${pl.n}). All streams are read by one client process, so the spread includes its time to read 100 sockets`,
      rows: [
        { metric: "to last subscriber p50", unit: "ms", parley: pl.p50, other: bl.p50 },
        { metric: "to last subscriber p99", unit: "ms", parley: pl.p99, other: bl.p99 },
        {
          metric: "spread first → last p50",
          unit: "ms",
          parley: ps.p50,
          other: bs.p50,
          target: { text: "< 5 ms", met: ps.p50 < 5 },
        },
        { metric: "spread first → last p99", unit: "ms", parley: ps.p99, other: bs.p99 },
      ],
      notes: [],
    };
  },
};
