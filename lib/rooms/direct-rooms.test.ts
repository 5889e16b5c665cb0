import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { ParleyClient } from "@/scripts/lib/parley-client";
import { openSse } from "@/scripts/lib/sse-client";
import { connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";
import { roomWith, signedUpPerson } from "@/test/people";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.stop();
  await db.$disconnect();
});

const me = async (client: Awaited<ReturnType<typeof signedUpPerson>>, roomId: string) =>
  (await client.json("GET", `/api/rooms/${roomId}`)).body.room;

describe("direct messages", () => {
  it("opens one two-member direct room per pair, named after the other member, with someone you share a room with", async () => {
    const ann = await signedUpPerson(app.url, "Ann");
    const bob = await signedUpPerson(app.url, "Bob");
    const eve = await signedUpPerson(app.url, "Eve");
    const shared = await roomWith(ann, "Team", bob);
    const bobId = (await me(bob, shared)).participants.find((p: { name: string }) => p.name === "Bob").userId;
    const annId = (await me(ann, shared)).participants.find((p: { name: string }) => p.name === "Ann").userId;

    const opened = await ann.json("POST", "/api/dms", { userId: bobId });
    expect(opened.status).toBe(201);
    const dmId = opened.body.room.id as string;
    // The same pair, from either side: the same room.
    expect(await bob.json("POST", "/api/dms", { userId: annId })).toMatchObject({
      status: 200,
      body: { room: { id: dmId } },
    });
    expect((await ann.json("POST", "/api/dms", { userId: bobId })).body.room.id).toBe(dmId);

    expect(await me(ann, dmId)).toMatchObject({ name: "Bob", direct: true });
    expect(await me(bob, dmId)).toMatchObject({ name: "Ann", direct: true });
    expect((await me(ann, dmId)).participants).toHaveLength(2);
    const listed = (await bob.json("GET", "/api/rooms")).body.rooms.find((r: { id: string }) => r.id === dmId);
    expect(listed).toMatchObject({ name: "Ann", direct: true });
    expect((await bob.json("POST", `/api/rooms/${dmId}/messages`, { body: "hi Ann" })).status).toBe(201);

    // Only with someone you share a room with; not with yourself; a stranger sees nothing of it.
    expect((await eve.json("POST", "/api/dms", { userId: bobId })).status).toBe(404);
    expect((await ann.json("POST", "/api/dms", { userId: annId })).status).toBe(422);
    expect((await ann.json("POST", "/api/dms", { userId: "nobody" })).status).toBe(404);
    expect((await ann.json("POST", "/api/dms", {})).status).toBe(422);
    expect((await eve.json("GET", `/api/rooms/${dmId}`)).status).toBe(404);
    // Two members, for good: no invites.
    expect((await ann.json("POST", `/api/rooms/${dmId}/invites`)).status).toBe(422);
    expect((await new ParleyClient(app.url).json("POST", "/api/dms", { userId: bobId })).status).toBe(401);
  });

  it("opens a direct room with an agent you share a room with", async () => {
    const cy = await signedUpPerson(app.url, "Cy");
    const dee = await signedUpPerson(app.url, "Dee");
    const roomId = await roomWith(cy, "With a bot", dee);
    const agent = await connectAgent(cy, roomId);
    const opened = await dee.json("POST", "/api/dms", { agentId: agent.agentId });
    expect(opened.status).toBe(201);
    expect(await me(dee, opened.body.room.id)).toMatchObject({ name: agent.name, direct: true });
    expect((await me(dee, opened.body.room.id)).participants.map((p: { kind: string }) => p.kind).sort()).toEqual([
      "agent",
      "user",
    ]);
    const stranger = await signedUpPerson(app.url, "Fin");
    expect((await stranger.json("POST", "/api/dms", { agentId: agent.agentId })).status).toBe(404);
  });
});

describe("removing a person", () => {
  it("lets the owner remove a person: their streams end at once, and only a newer invite brings them back", async () => {
    const owner = await signedUpPerson(app.url, "Owner");
    const gus = await signedUpPerson(app.url, "Gus");
    const hal = await signedUpPerson(app.url, "Hal");
    const roomId = await roomWith(owner, "Moderated", gus, hal);
    const oldInvite = (await owner.json("POST", `/api/rooms/${roomId}/invites`)).body.token as string;
    const gusId = (await me(gus, roomId)).participants.find((p: { name: string }) => p.name === "Gus").userId;
    const halId = (await me(hal, roomId)).participants.find((p: { name: string }) => p.name === "Hal").userId;

    // Only the owner; not oneself; not someone who is not there.
    expect((await hal.json("DELETE", `/api/rooms/${roomId}/members/${gusId}`)).status).toBe(403);
    expect((await owner.json("DELETE", `/api/rooms/${roomId}/members/nobody`)).status).toBe(404);

    const stream = await openSse(gus, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    const removed = await owner.json("DELETE", `/api/rooms/${roomId}/members/${gusId}`);
    expect(removed.status).toBe(204);
    await stream.closed;
    expect(stream.events.some((e) => e.event === "participants" && e.data.left?.length)).toBe(true);

    expect((await gus.json("GET", `/api/rooms/${roomId}`)).status).toBe(404);
    expect((await gus.json("POST", `/api/rooms/${roomId}/messages`, { body: "still here?" })).status).toBe(404);
    expect((await gus.json("GET", "/api/rooms")).body.rooms.map((r: { id: string }) => r.id)).not.toContain(roomId);
    // The invite from before the removal does not bring him back; a new one does.
    expect((await gus.json("POST", `/api/invites/${oldInvite}`)).status).toBe(403);
    expect((await hal.json("DELETE", `/api/rooms/${roomId}/members/${halId}`)).status).toBe(403);
    const fresh = (await owner.json("POST", `/api/rooms/${roomId}/invites`)).body.token as string;
    expect((await gus.json("POST", `/api/invites/${fresh}`)).status).toBe(200);
    expect((await gus.json("GET", `/api/rooms/${roomId}`)).status).toBe(200);
    // Removing someone from a room you are not in is a 404.
    const outsider = await signedUpPerson(app.url, "Ivy");
    expect((await outsider.json("DELETE", `/api/rooms/${roomId}/members/${gusId}`)).status).toBe(404);
  });
});
