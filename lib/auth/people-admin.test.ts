import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { type AppServer, startAppServer } from "@/test/app-server";

// What admins change about people, and what people change about themselves.
let app: AppServer;
let admin: ParleyClient;
let adminId: string;
beforeAll(async () => {
  app = await startAppServer();
  admin = new ParleyClient(app.url);
  adminId = (await admin.signUp(uniqueUser("Admin"))).id; // the first account is an admin
});
afterAll(() => app?.stop());

async function person(name = "Pia") {
  const user = uniqueUser(name);
  const client = new ParleyClient(app.url);
  const { id } = await client.signUp(user);
  return { user, client, id };
}

describe("people, as an admin changes them", () => {
  it("deactivation ends the sessions and refuses sign-in until reactivated; roles change; only admins, never on themselves", async () => {
    const { user, client, id } = await person();
    expect((await client.json("PATCH", `/api/admin/users/${adminId}`, { active: false })).status).toBe(403);

    expect((await admin.json("PATCH", `/api/admin/users/${id}`, { active: false })).status).toBe(204);
    expect((await client.json("GET", "/api/rooms")).status).toBe(401);
    await expect(new ParleyClient(app.url).signIn(user)).rejects.toThrow(/sign-in failed/);
    const listed = (await admin.json("GET", "/api/admin/users")).body.people.find((p: { id: string }) => p.id === id);
    expect(listed).toMatchObject({ deactivated: true, sessions: 0 });

    expect((await admin.json("PATCH", `/api/admin/users/${id}`, { active: true, role: "ADMIN" })).status).toBe(204);
    const back = new ParleyClient(app.url);
    await back.signIn(user);
    expect((await back.json("GET", "/api/admin/users")).status).toBe(200);

    // No admin can lock themselves out.
    expect((await admin.json("PATCH", `/api/admin/users/${adminId}`, { active: false })).status).toBe(403);
    expect((await admin.json("PATCH", `/api/admin/users/${adminId}`, { role: "USER" })).status).toBe(403);
    expect((await admin.json("PATCH", `/api/admin/users/${id}`, {})).status).toBe(422);
    expect((await admin.json("PATCH", "/api/admin/users/nobody", { active: false })).status).toBe(404);

    const audit = (await admin.json("GET", "/api/admin/audit?action=admin.user_deactivated")).body;
    expect(audit.entries[0]).toMatchObject({ targetId: id, targetName: user.name });
  });
});

describe("your profile", () => {
  it("changes the name at once and the email only with the current password", async () => {
    const { user, client } = await person("Quinn");
    const renamed = await client.json("PATCH", "/api/account", { name: "Quinn Ray" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.account.name).toBe("Quinn Ray");

    const email = `moved-${user.email}`.toLowerCase();
    const noPassword = await client.json("PATCH", "/api/account", { email });
    expect(noPassword.status).toBe(422);
    expect(noPassword.body.error.fields.currentPassword).toBeDefined();
    expect((await client.json("PATCH", "/api/account", { email, currentPassword: "wrong" })).status).toBe(422);
    const taken = await client.json("PATCH", "/api/account", { email: (await person("Taken")).user.email, currentPassword: user.password });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields.email).toBeDefined();

    const moved = await client.json("PATCH", "/api/account", { email, currentPassword: user.password });
    expect(moved.body.account.email).toBe(email);
    await new ParleyClient(app.url).signIn({ email, password: user.password });
    await expect(new ParleyClient(app.url).signIn(user)).rejects.toThrow(/sign-in failed/);
    expect((await new ParleyClient(app.url).json("PATCH", "/api/account", { name: "x" })).status).toBe(401);
  });
});
