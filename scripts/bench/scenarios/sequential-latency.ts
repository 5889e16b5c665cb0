// One sender, one subscriber, one message at a time: send-start → the message's bytes on the stream.
import { performance } from "node:perf_hooks";
import { withTimeout } from "../stats";
import { type ChatTarget, nextTag } from "../targets";

/**
 * Sends `count` messages one after another into a fresh room and returns each one's latency, from the
 * moment the POST starts to the moment the subscriber reads the event. The next message starts once
 * both the POST's response and the event are in.
 */
export async function sequentialLatency(target: ChatTarget, count: number): Promise<number[]> {
  const roomId = await target.createRoom();
  const waiting = new Map<string, (receivedAt: number) => void>();
  const stream = await target.subscribe(roomId, (body, receivedAt) => waiting.get(body)?.(receivedAt));
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const tag = nextTag();
      const received = new Promise<number>((resolve) => waiting.set(tag, resolve));
      const startedAt = performance.now();
      const [, receivedAt] = await Promise.all([
        target.send(roomId, tag),
        withTimeout(received, 10_000, `${target.name} delivery`),
      ]);
      waiting.delete(tag);
      samples.push(receivedAt - startedAt);
    }
  } finally {
    stream.close();
  }
  return samples;
}

/**
 * Warms each target up, then measures them in alternating rounds (A B, B A, …) so that drift on a shared
 * machine falls on both alike. Returns each target's samples.
 */
export async function alternatingLatency(
  targets: ChatTarget[],
  { rounds, perRound, warmup, log }: { rounds: number; perRound: number; warmup: number; log: (line: string) => void },
): Promise<Map<ChatTarget, number[]>> {
  const samples = new Map<ChatTarget, number[]>(targets.map((t) => [t, []]));
  for (const target of targets) await sequentialLatency(target, warmup); // JIT, connection pools, route modules
  for (let round = 0; round < rounds; round++) {
    // A B C, C B A, …: each target's place alternates, so drift falls on all alike.
    for (const target of round % 2 === 0 ? targets : [...targets].reverse())
      samples.get(target)!.push(...(await sequentialLatency(target, perRound)));
    log(`  round ${round + 1}/${rounds}`);
  }
  return samples;
}
