// Browser-side: the page's one event stream. Components say what they follow (a room, the activity across
// the person's rooms, the admin heartbeat); the page holds a single connection to /api/events carrying all
// of it, and reopens it (resuming the room exactly) when what is followed changes.
import { openReconnectingEventSource } from "@/lib/client/reconnecting-event-source";

export type Topic = { room: string; after: () => number } | { activity: true } | { admin: true };
export type Handlers = Partial<Record<string, (event: MessageEvent) => void>>;

type Follower = { topic: Topic; handlers: Handlers; onDrop?: (retryInMs: number) => void; held: boolean };

const EVENT_TYPES = [
  "message",
  "message_changed",
  "participants",
  "typing",
  "presence",
  "agent_working",
  "room",
  "metadata",
  "activity",
  "heartbeat",
  "ready",
];

const followers = new Set<Follower>();
let stream: ReturnType<typeof openReconnectingEventSource> | null = null;
let openKey = "";
/** The room follower the stream was opened for: it resumes after what that follower holds. */
let openedFor: Follower | undefined;
let scheduled = false;

const roomFollower = () => [...followers].find((f) => "room" in f.topic);
const roomTopic = () => roomFollower()?.topic as Extract<Topic, { room: string }> | undefined;

/** What the connection carries, without the resume point (which changes with every message). */
function key(): string {
  const params = new URLSearchParams();
  const room = roomTopic();
  if (room) params.set("room", room.room);
  if ([...followers].some((f) => "activity" in f.topic)) params.set("activity", "1");
  if ([...followers].some((f) => "admin" in f.topic)) params.set("admin", "1");
  return params.toString();
}

function url(): string {
  const room = roomTopic();
  return `/api/events?${openKey}${room ? `&after=${room.after()}` : ""}`;
}

function dispatch(type: string, event: MessageEvent) {
  for (const follower of followers) follower.handlers[type]?.(event);
}

function reconcile() {
  scheduled = false;
  // A follower that is still loading (a room's first page) holds the connection back: open once, with it.
  if ([...followers].some((f) => f.held)) return;
  // A room on the page whose view has not joined yet (its part of the page hydrates later): wait for it.
  if (!roomTopic() && document.querySelector("[data-room-view]")) return;
  const next = key();
  // The same room opened afresh (at a search result, say) holds another page of it: its stream must resume
  // after that page, and tell it when it is live.
  if (next === openKey && stream && roomFollower() === openedFor) return;
  stream?.close();
  stream = null;
  openKey = next;
  openedFor = roomFollower();
  if (!next) return;
  stream = openReconnectingEventSource({
    url,
    listen(source) {
      for (const type of EVENT_TYPES) source.addEventListener(type, (e) => dispatch(type, e as MessageEvent));
      // The server is restarting: reconnect now (to another instance) rather than after an error.
      source.addEventListener("reconnect", () => stream?.reconnectSoon());
    },
    onDrop(ms) {
      for (const follower of followers) follower.onDrop?.(ms);
    },
  });
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  // Components mounting together (a room view and the header) join before the connection opens.
  setTimeout(reconcile, 0);
}

/**
 * Follows `topic` on the page's stream. With `held`, the connection waits for `release()` (the room's first
 * page is loaded, so the stream resumes after it). Returns the way to stop following.
 */
export function followOnPage(
  topic: Topic,
  handlers: Handlers,
  { onDrop, held = false }: { onDrop?: (retryInMs: number) => void; held?: boolean } = {},
) {
  const follower: Follower = { topic, handlers, onDrop, held };
  followers.add(follower);
  schedule();
  return {
    release() {
      follower.held = false;
      schedule();
    },
    close() {
      followers.delete(follower);
      schedule();
    },
  };
}
