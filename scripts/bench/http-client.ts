// A lean HTTP and Server-Sent Events client on node:http. fetch/undici costs several times more per
// connection and per event, which at 5,000 streams (or 20,000 events/s) would measure the client rather
// than the server. Both Parley and the baseline are measured through this same client.
import http from "node:http";
import { performance } from "node:perf_hooks";

// Requests reuse connections, as a browser would; streams each hold their own socket. An idle connection is
// dropped before the servers' 5 s keep-alive timeout (Node 20's agent ignores their `Keep-Alive: timeout`
// hint), or a send could go out on a socket the server is closing and fail with ECONNRESET.
const requestAgent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });
const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

export type JsonResponse = { status: number; body: any };

export function requestJson(
  url: string,
  { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<JsonResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent: requestAgent,
        headers:
          payload === undefined
            ? headers
            : { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: text });
          }
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** Called for every `message` event with the message's body and when its bytes arrived (performance.now()). */
export type OnMessage = (body: string, receivedAt: number) => void;

export type EventStream = { close(): void };

const BODY = /"body":"((?:[^"\\]|\\.)*)"/;

/**
 * Opens an SSE stream and resolves once the server sent `event: ready` (from then on it is live).
 * The arrival time is taken before any parsing, and only the body is extracted (no JSON.parse), so
 * the client adds as little as possible to what is measured.
 */
export function openEventStream(
  url: string,
  headers: Record<string, string>,
  onMessage: OnMessage,
  timeoutMs = 60_000,
): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    let ready = false;
    const req = http.get(url, { agent: streamAgent, headers: { ...headers, accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return fail(new Error(`stream refused: ${res.statusCode} ${url}`));
      }
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        const receivedAt = performance.now();
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          if (frame.includes("event: message\n")) {
            const body = BODY.exec(frame)?.[1];
            if (body !== undefined) onMessage(body, receivedAt);
          } else if (!ready && frame.startsWith("event: ready")) {
            ready = true;
            clearTimeout(timer);
            resolve({ close: () => req.destroy() });
          }
        }
      });
      res.on("error", () => {});
    });
    const timer = setTimeout(() => fail(new Error(`stream not ready within ${timeoutMs} ms: ${url}`)), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      req.destroy();
      if (!ready) reject(err);
    };
    req.on("error", fail);
  });
}

/** Runs `task` for each item with at most `limit` running at once. */
export async function inBatches<T>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
