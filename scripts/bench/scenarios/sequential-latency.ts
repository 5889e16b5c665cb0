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
