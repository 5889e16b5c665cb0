import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { type AppServer, startAppServer } from "@/test/app-server";

// What the rooms list tells a person about each room: unread, mentions of them, muted; and presence.
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app?.stop());

async function pair() {
  const ann = new ParleyClient(app.url);
  const bo = new ParleyClient(app.url);
  await ann.signUp(uniqueUser("Ann"));
  const boUser = uniqueUser("Bo");
  await bo.signUp(boUser);
  const room = async (name: string) => {
    const roomId = (await ann.json("POST", "/api/rooms", { name })).body.room.id as string;
    const { token } = (await ann.json("POST", `/api/rooms/${roomId}/invites`)).body;
    await bo.json("POST", `/api/invites/${token}`);
    return roomId;
  };
  return { ann, bo, boUser, room };
}

describe("rooms list: unread, mentions, mute", () => {
  it("counts mentions of you apart, and a muted room says so; only members mute", async () => {
    const { ann, bo, boUser, room } = await pair();
    const quiet = await room("Quiet");
    await ann.json("POST", `/api/rooms/${quiet}/messages`, { body: "plain" });
    await ann.json("POST", `/api/rooms/${quiet}/messages`, { body: `@${boUser.name} look` });
    expect((await bo.json("PUT", `/api/rooms/${quiet}/mute`, { muted: true })).body).toEqual({ muted: true });
    const listed = (await bo.json("GET", "/api/rooms")).body.rooms.find((r: { id: string }) => r.id === quiet);
    expect(listed).toMatchObject({ unread: 2, mentions: 1, muted: true });
    expect((await bo.json("GET", `/api/rooms/${quiet}`)).body.room.you.muted).toBe(true);
    // Ann's own view of the room is untouched.
    expect((await ann.json("GET", "/api/rooms")).body.rooms.find((r: { id: string }) => r.id === quiet)).toMatchObject({
      muted: false,
      mentions: 0,
    });
    await bo.json("PUT", `/api/rooms/${quiet}/mute`, { muted: false });
    expect((await bo.json("GET", `/api/rooms/${quiet}`)).body.room.you.muted).toBe(false);

    const outsider = new ParleyClient(app.url);
    await outsider.signUp(uniqueUser("Out"));
    expect((await outsider.json("PUT", `/api/rooms/${quiet}/mute`, { muted: true })).status).toBe(404);
    expect((await bo.json("PUT", `/api/rooms/${quiet}/mute`, { muted: "yes" })).status).toBe(422);
  });

  it("a person with a stream open in one room shows online in their other rooms, and offline once it closes", async () => {
    const { ann, bo, room } = await pair();
    const here = await room("Here");
    const elsewhere = await room("Elsewhere");
    const boOnline = async () =>
      (
        (await ann.json("GET", `/api/rooms/${here}`)).body.room.participants as {
          kind: string;
          name: string;
          online: boolean;
        }[]
      ).find((p) => p.name === "Bo")?.online;
    expect(await boOnline()).toBe(false);
    const stream = new AbortController();
    const res = await fetch(`${app.url}/api/events?room=${elsewhere}`, {
      headers: { cookie: bo.cookieHeader() },
      signal: stream.signal,
    });
    const reader = res.body?.getReader();
    await reader?.read(); // the stream has started
    await expect.poll(boOnline, { timeout: 5000 }).toBe(true);
    stream.abort();
    await expect.poll(boOnline, { timeout: 5000 }).toBe(false);
  });
});
