// One interface over Parley and the baseline, so every scenario runs the same client code against both.
import { type EventStream, type OnMessage, openEventStream, requestJson } from "./http-client";

export type ChatTarget = {
  /** "Parley" or "baseline", as printed. */
  name: string;
  /** The server process, for its memory. */
  pid: number;
  createRoom(): Promise<string>;
  /** Posts a message; resolves once the response (hence the commit) is back. */
  send(roomId: string, body: string): Promise<void>;
  /** Opens a room's event stream; resolves once it is live. */
  subscribe(roomId: string, onMessage: OnMessage): Promise<EventStream>;
};

function expectStatus(status: number, body: unknown, what: string, expected = 201) {
  if (status !== expected) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
}

/** Parley through its public HTTP API, as a signed-in person (the session cookie from ParleyClient). */
export function parleyTarget({ name = "Parley", url, pid, cookie }: { name?: string; url: string; pid: number; cookie: string }): ChatTarget {
  const headers = { cookie };
  return {
    name,
    pid,
    async createRoom() {
      const res = await requestJson(`${url}/api/rooms`, { method: "POST", headers, body: { name: "bench" } });
      expectStatus(res.status, res.body, "create room");
      return res.body.room.id as string;
    },
    async send(roomId, body) {
      const res = await requestJson(`${url}/api/rooms/${roomId}/messages`, { method: "POST", headers, body: { body } });
      expectStatus(res.status, res.body, "send");
    },
    subscribe(roomId, onMessage) {
      // Scenarios subscribe to fresh rooms, so the replay before `ready` is (nearly) empty.
      return openEventStream(`${url}/api/rooms/${roomId}/events`, headers, onMessage);
    },
  };
}

export function baselineTarget({ url, pid }: { url: string; pid: number }): ChatTarget {
  return {
    name: "baseline",
    pid,
    async createRoom() {
      const res = await requestJson(`${url}/rooms`, { method: "POST" });
      expectStatus(res.status, res.body, "create room");
      return res.body.room.id as string;
    },
    async send(roomId, body) {
      const res = await requestJson(`${url}/rooms/${roomId}/messages`, { method: "POST", body: { body } });
      expectStatus(res.status, res.body, "send");
    },
    subscribe(roomId, onMessage) {
      return openEventStream(`${url}/rooms/${roomId}/events`, {}, onMessage);
    },
  };
}

/** Sends from one target and receives on another (Parley instance A → instance B). */
export function crossTarget(name: string, sender: ChatTarget, receiver: ChatTarget): ChatTarget {
  return { ...receiver, name, createRoom: sender.createRoom, send: sender.send };
}

let counter = 0;
/** A message body that names itself, so the subscriber can match it to its send time. */
export function nextTag(): string {
  return `b:${(counter++).toString(36)}`;
}
