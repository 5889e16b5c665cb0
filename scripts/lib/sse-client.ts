// A minimal Server-Sent Events reader over fetch (tests and benchmarks; browsers use EventSource).
import type { ParleyClient } from "./parley-client";

export type SseEvent = { id?: string; event: string; data: any };

export type SseStream = {
  events: SseEvent[];
  /** Resolves with the first event (from now or already received) that matches. */
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
  closed: Promise<void>;
};

export async function openSse(client: ParleyClient, path: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const res = await client.fetch(path, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw Object.assign(new Error(`stream refused: ${res.status}`), { status: res.status });
  const events: SseEvent[] = [];
  const waiters = new Set<{ match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }>();

  const closed = (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          const event: SseEvent = { event: "message", data: undefined };
          let data = "";
          for (const line of frame.split("\n")) {
            if (line.startsWith("id: ")) event.id = line.slice(4);
            else if (line.startsWith("event: ")) event.event = line.slice(7);
            else if (line.startsWith("data: ")) data += line.slice(6);
          }
          if (!data) continue;
          event.data = JSON.parse(data);
          events.push(event);
          for (const waiter of waiters) {
            if (waiter.match(event)) {
              waiters.delete(waiter);
              waiter.resolve(event);
            }
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })();

  return {
    events,
    closed,
    close: () => controller.abort(),
    waitFor(match, timeoutMs = 15_000) {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no matching event within ${timeoutMs} ms on ${path}`));
        }, timeoutMs).unref();
      });
    },
  };
}

export const messageSeqs = (stream: SseStream) =>
  stream.events.filter((e) => e.event === "message").map((e) => e.data.message.seq as number);
