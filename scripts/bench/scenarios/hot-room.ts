// Scenario 4: one hot room. Many concurrent senders into a single room, as fast as the server answers:
// every message takes the same room row's counter, so this measures sequence allocation under contention.
import { performance } from "node:perf_hooks";
import { type BenchContext, type Scenario, scaled } from "../scenario";
import { roundOrder, sleep, summarize } from "../stats";
import { type ChatTarget, nextTag } from "../targets";

const SENDERS = 32;
// Several people, as in a busy room: one person's 32 parallel sends would also contend on that person's
// own row (every send moves the sender's read marker), which is not what this scenario is about.
const PEOPLE = 8;
const ROUNDS = 4;

type RoundResult = { perSecond: number; sendLatencies: number[]; sent: number; delivered: number };

async function hotRoomRound(target: ChatTarget, durationMs: number): Promise<RoundResult> {
  const roomId = await target.createRoom();
  const people = await target.peopleIn(roomId, PEOPLE);
  let delivered = 0;
  const stream = await target.subscribe(roomId, (body) => body.startsWith("b:") && delivered++);
  const sendLatencies: number[] = [];
  const startedAt = performance.now();
  const endAt = startedAt + durationMs;
  const sender = async (send: (body: string) => Promise<void>) => {
    while (performance.now() < endAt) {
      const t = performance.now();
      await send(nextTag());
      sendLatencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, (_, i) => sender(people[i % PEOPLE])));
  const elapsed = performance.now() - startedAt;
  // The subscriber confirms every committed message was delivered.
  const deadline = performance.now() + 5_000;
  while (delivered < sendLatencies.length && performance.now() < deadline) await sleep(10);
  stream.close();
  return { perSecond: (sendLatencies.length * 1000) / elapsed, sendLatencies, sent: sendLatencies.length, delivered };
}

export const hotRoomScenario: Scenario = {
  id: 4,
  title: `one hot room, ${SENDERS} concurrent senders (${PEOPLE} people)`,
  async run(ctx: BenchContext) {
    const durationMs = scaled(ctx, 3_000, 1_000);
    const results = new Map<ChatTarget, RoundResult[]>([
      [ctx.parley, []],
      [ctx.baseline, []],
    ]);
    for (const target of results.keys()) await hotRoomRound(target, 500); // warm-up
    const rounds = scaled(ctx, ROUNDS, 1);
    for (let round = 0; round < rounds; round++) {
      for (const target of roundOrder(round, ctx.parley, ctx.baseline)) {
        const r = await hotRoomRound(target, durationMs);
        results.get(target)!.push(r);
        ctx.log(`  ${target.name}: ${r.perSecond.toFixed(0)} msg/s (${r.delivered}/${r.sent} delivered)`);
      }
    }
    const rate = (t: ChatTarget) => {
      const rs = results.get(t)!;
      return rs.reduce((sum, r) => sum + r.perSecond, 0) / rs.length;
    };
    const latency = (t: ChatTarget) => summarize(results.get(t)!.flatMap((r) => r.sendLatencies));
    const lost = (t: ChatTarget) => results.get(t)!.reduce((n, r) => n + (r.sent - r.delivered), 0);
    const [pl, bl] = [latency(ctx.parley), latency(ctx.baseline)];
    return {
      id: 4,
      title: this.title,
      measured: `${SENDERS} closed-loop senders (${PEOPLE} people × ${SENDERS / PEOPLE} in parallel; all alike for the baseline) into one room for ${(durationMs / 1000).toFixed(1)} s per round, ${rounds} alternating rounds; rate = committed messages ÷ elapsed; one subscriber checks that every message arrives`,
      rows: [
        {
          metric: "messages/s",
          unit: "msg/s",
          parley: rate(ctx.parley),
          other: rate(ctx.baseline),
          // Group commit shares one transaction among a room's concurrent sends; the baseline commits each.
          target: { text: "≥ baseline", met: rate(ctx.parley) >= rate(ctx.baseline) },
        },
        { metric: "POST p50", unit: "ms", parley: pl.p50, other: bl.p50 },
        { metric: "POST p99", unit: "ms", parley: pl.p99, other: bl.p99 },
        { metric: "messages not delivered", unit: "", parley: lost(ctx.parley), other: lost(ctx.baseline) },
      ],
      notes: [],
    };
  },
};
