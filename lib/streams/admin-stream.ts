import "server-only";
import { subscribeSystem } from "@/lib/ops/heartbeat";
import type { SystemEvent } from "@/lib/platform/schemas";
import { type SseWriter, sseStream } from "@/lib/streams/sse";

/** The admin stream: system events (the heartbeat) as SSE, the last heartbeat first. */
export function adminEventStream({ signal }: { signal: AbortSignal }) {
  return sseStream({
    kind: "admin",
    signal,
    async start(sse) {
      sse.send("retry: 2000\n\n");
      await followSystem(sse);
    },
  });
}

/** Writes system events to `sse`, the last heartbeat first. */
export async function followSystem(sse: SseWriter): Promise<void> {
  const unsubscribe = await subscribeSystem((event: SystemEvent) => {
    const data = event.type === "heartbeat" ? event.heartbeat : { reason: event.reason };
    sse.send(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
  });
  sse.onClose(unsubscribe);
}
