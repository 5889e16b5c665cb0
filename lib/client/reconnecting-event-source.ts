// Browser-side: an EventSource that stays connected by itself.

const BACKOFF_START_MS = 1000;
const BACKOFF_MAX_MS = 30_000;

type Options = {
  /** Called at every (re)connection, so the URL can carry where the client got to. */
  url: () => string;
  /** Adds the stream's event listeners to each new EventSource. */
  listen: (source: EventSource) => void;
  /** The connection dropped; the next try is in `retryInMs`. */
  onDrop: (retryInMs: number) => void;
};

/**
 * Reconnects with exponential backoff (1 s, 2 s, 4 s … 30 s, starting over once the server answers),
 * drops the stream when the browser goes offline (a stream can outlive the network silently), and comes
 * back at once when it is online again. `reconnectSoon()` is for a server that says it is going away.
 */
export function openReconnectingEventSource({ url, listen, onDrop }: Options) {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = BACKOFF_START_MS;
  let stopped = false;

  const connect = () => {
    if (stopped) return;
    source = new EventSource(url());
    source.onopen = () => {
      delay = BACKOFF_START_MS;
    };
    source.onerror = dropped;
    listen(source);
  };
  const retryIn = (ms: number) => {
    source?.close();
    clearTimeout(timer);
    if (stopped) return;
    onDrop(ms);
    timer = setTimeout(connect, ms);
  };
  function dropped() {
    retryIn(delay);
    delay = Math.min(delay * 2, BACKOFF_MAX_MS);
  }
  const online = () => {
    clearTimeout(timer);
    delay = BACKOFF_START_MS;
    source?.close();
    connect();
  };

  window.addEventListener("offline", dropped);
  window.addEventListener("online", online);
  connect();

  return {
    reconnectSoon: () => retryIn(BACKOFF_START_MS),
    close() {
      stopped = true;
      window.removeEventListener("offline", dropped);
      window.removeEventListener("online", online);
      clearTimeout(timer);
      source?.close();
    },
  };
}
