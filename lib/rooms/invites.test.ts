import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { type AppServer, startAppServer } from "@/test/app-server";
import { roomWith, signedUpPerson } from "@/test/people";

let app: AppServer;
let owner: ParleyClient;
let member: ParleyClient;
let stranger: ParleyClient;
let roomId: string;
beforeAll(async () => {
  app = await startAppServer();
  owner = await signedUpPerson(app.url, "Olga");
  member = await signedUpPerson(app.url, "Mia");
  stranger = await signedUpPerson(app.url, "Sam");
  roomId = await roomWith(owner, "Ticket 42", member);
});
afterAll(() => app?.stop());

const invitesOf = (client: ParleyClient, room = roomId) => client.json("GET", `/api/rooms/${room}/invites`);

describe("open invites", () => {
  it("are listed for the owner, newest first, with who created them; not their tokens", async () => {
    const first = await owner.json("POST", `/api/rooms/${roomId}/invites`);
    const second = await member.json("POST", `/api/rooms/${roomId}/invites`);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const { status, body } = await invitesOf(owner);
    expect(status).toBe(200);
    const ids = body.invites.map((i: { id: string }) => i.id);
    expect(ids.indexOf(second.body.id)).toBeLessThan(ids.indexOf(first.body.id));
    expect(body.invites.find((i: { id: string }) => i.id === second.body.id).createdBy).toMatch(/^Mia/);
    expect(JSON.stringify(body)).not.toContain(first.body.token);
  });

  it("are the owner's business: 403 for a member, 404 for a non-member, 401 signed out", async () => {
    expect((await invitesOf(member)).status).toBe(403);
    expect((await invitesOf(stranger)).status).toBe(404);
    expect((await invitesOf(new ParleyClient(app.url))).status).toBe(401);
    expect((await invitesOf(owner, "no-such-room")).status).toBe(404);
  });

  it("can be revoked by the owner: the link stops working at once and leaves the list", async () => {
    const invite = (await member.json("POST", `/api/rooms/${roomId}/invites`)).body;
    expect((await member.json("DELETE", `/api/rooms/${roomId}/invites/${invite.id}`)).status).toBe(403);
    expect((await stranger.json("DELETE", `/api/rooms/${roomId}/invites/${invite.id}`)).status).toBe(404);

    const revoked = await owner.json("DELETE", `/api/rooms/${roomId}/invites/${invite.id}`);
    expect(revoked.status).toBe(204);
    expect((await invitesOf(owner)).body.invites.map((i: { id: string }) => i.id)).not.toContain(invite.id);

    const late = new ParleyClient(app.url);
    await late.signUp(uniqueUser("Late"));
    const join = await late.json("POST", `/api/invites/${invite.token}`);
    expect(join.status).toBe(404);
    expect(join.body.error.message).toMatch(/not valid/);
    expect((await owner.json("DELETE", `/api/rooms/${roomId}/invites/${invite.id}`)).status).toBe(404);
  });

  it("of another room cannot be revoked through this one (404)", async () => {
    const otherRoom = (await stranger.json("POST", "/api/rooms", { name: "Elsewhere" })).body.room.id as string;
    const theirs = (await stranger.json("POST", `/api/rooms/${otherRoom}/invites`)).body;
    expect((await owner.json("DELETE", `/api/rooms/${roomId}/invites/${theirs.id}`)).status).toBe(404);
    expect((await owner.json("DELETE", `/api/rooms/${roomId}/invites/%00bad`)).status).toBe(404);
    expect((await invitesOf(stranger, otherRoom)).body.invites).toHaveLength(1);
  });
});

describe("the invite page", () => {
  it("says which room and who invited, to a visitor not signed in yet", async () => {
    const invite = (await member.json("POST", `/api/rooms/${roomId}/invites`)).body;
    const page = await (await fetch(`${app.url}/invite/${invite.token}`)).text();
    // Names are isolated in <bdi> elements: the sentence is in the page's text, between tags.
    expect(page.replace(/<[^>]*>/g, "")).toContain("Mia invited you to “Ticket 42”");
    expect(page).toContain(`/signin?callbackUrl=${encodeURIComponent(`/invite/${invite.token}`)}`);
    const bogus = await (await fetch(`${app.url}/invite/not-a-real-token`)).text();
    expect(bogus).toContain("Invite not usable");
  });
});
