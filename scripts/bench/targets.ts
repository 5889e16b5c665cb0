// One interface over Parley and the baseline, so every scenario runs the same client code against both.
import { ParleyClient, uniqueUser } from "../lib/parley-client";
import { type EventStream, type OnMessage, openEventStream, requestJson } from "./http-client";

export type Sender = (body: string) => Promise<void>;

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
  /** Senders for `count` different people in the room (the baseline has no people: all send alike). */
  peopleIn(roomId: string, count: number): Promise<Sender[]>;
};

function expectStatus(status: number, body: unknown, what: string, expected = 201) {
  if (status !== expected) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
}

/** Parley through its public HTTP API, as a signed-in person (the session cookie from ParleyClient). */
export function parleyTarget({
  name = "Parley",
  url,
  pid,
  cookie,
}: {
  name?: string;
  url: string;
  pid: number;
  cookie: string;
}): ChatTarget {
  const headers = { cookie };
  const others: ParleyClient[] = []; // signed up once, invited into each room that needs them
  const sendAs = (who: string) => async (roomId: string, body: string) => {
    const res = await requestJson(`${url}/api/rooms/${roomId}/messages`, {
      method: "POST",
      headers: { cookie: who },
      body: { body },
    });
    expectStatus(res.status, res.body, "send");
  };
  return {
    name,
    pid,
    async createRoom() {
      const res = await requestJson(`${url}/api/rooms`, { method: "POST", headers, body: { name: "bench" } });
      expectStatus(res.status, res.body, "create room");
      return res.body.room.id as string;
    },
    send: sendAs(cookie),
    subscribe(roomId, onMessage) {
      // Scenarios subscribe to fresh rooms, so the replay before `ready` is (nearly) empty.
      return openEventStream(`${url}/api/rooms/${roomId}/events`, headers, onMessage);
    },
    async peopleIn(roomId, count) {
      while (others.length < count - 1) {
        const person = new ParleyClient(url);
        await person.signUp(uniqueUser("crowd"));
        others.push(person);
      }
      const people = others.slice(0, count - 1);
      for (const person of people) {
        const invite = await requestJson(`${url}/api/rooms/${roomId}/invites`, { method: "POST", headers });
        expectStatus(invite.status, invite.body, "invite");
        const joined = await requestJson(`${url}/api/invites/${invite.body.token}`, {
          method: "POST",
          headers: { cookie: person.cookieHeader() },
        });
        expectStatus(joined.status, joined.body, "join", 200);
      }
      return [cookie, ...people.map((p) => p.cookieHeader())].map((who) => (body: string) => sendAs(who)(roomId, body));
    },
  };
}

export function baselineTarget({
  url,
  pid,
  name = "baseline",
}: {
  url: string;
  pid: number;
  name?: string;
}): ChatTarget {
  const send = async (roomId: string, body: string) => {
    const res = await requestJson(`${url}/rooms/${roomId}/messages`, { method: "POST", body: { body } });
    expectStatus(res.status, res.body, "send");
  };
  return {
    name,
    pid,
    async createRoom() {
      const res = await requestJson(`${url}/rooms`, { method: "POST" });
      expectStatus(res.status, res.body, "create room");
      return res.body.room.id as string;
    },
    send,
    subscribe(roomId, onMessage) {
      return openEventStream(`${url}/rooms/${roomId}/events`, {}, onMessage);
    },
    async peopleIn(roomId, count) {
      return Array.from({ length: count }, () => (body: string) => send(roomId, body));
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
