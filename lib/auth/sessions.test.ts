import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { type AppServer, startAppServer } from "@/test/app-server";

// Session cookies are JWTs; ending a session on the server must make every copy of its cookie useless.
let app: AppServer;
const adminUser = uniqueUser("Admin");
let admin: ParleyClient;
beforeAll(async () => {
  app = await startAppServer();
  admin = new ParleyClient(app.url);
  await admin.signUp(adminUser);
});
afterAll(() => app?.stop());

/** A request with exactly this Cookie header, as from a copy of the cookie taken earlier. */
const withCookie = async (cookie: string) => (await fetch(`${app.url}/api/rooms`, { headers: { cookie } })).status;

async function signedInTwice() {
  const user = uniqueUser("Sam");
  const first = new ParleyClient(app.url);
  const { id } = await first.signUp(user);
  const second = new ParleyClient(app.url);
  await second.signIn(user);
  return { user, id, first, second };
}

describe("sessions", () => {
  it("sign-out ends the session on the server: a copied cookie is refused, other sessions go on", async () => {
    const { first, second } = await signedInTwice();
    const copied = first.cookieHeader();
    expect(await withCookie(copied)).toBe(200);
    await first.signOut();
    expect(await withCookie(copied)).toBe(401);
    expect((await first.json("GET", "/api/rooms")).status).toBe(401);
    // The account page is gone for that cookie too.
    expect((await fetch(`${app.url}/account`, { headers: { cookie: copied }, redirect: "manual" })).headers.get("location")).toContain("/signin");
    expect((await second.json("GET", "/api/rooms")).status).toBe(200);
  });

  it("sign out everywhere ends every session of the person, this one included, and is audited", async () => {
    const { id, first, second } = await signedInTwice();
    const other = new ParleyClient(app.url);
    await other.signUp(uniqueUser("Other"));
    const copied = first.cookieHeader();
    const page = await first.fetch("/account");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Sign out everywhere");

    expect((await first.json("DELETE", "/api/account/sessions")).status).toBe(204);
    expect(first.hasSession()).toBe(false); // the response cleared the cookie
    expect(await withCookie(copied)).toBe(401);
    expect((await second.json("GET", "/api/rooms")).status).toBe(401);
    expect((await other.json("GET", "/api/rooms")).status).toBe(200);
    const { entries } = (await admin.json("GET", "/api/admin/audit?action=auth.sessions_ended")).body;
    expect(entries[0]).toMatchObject({ action: "auth.sessions_ended", actor: { userId: id }, meta: { count: 2 } });
  });

  it("a password change needs the current password and ends the other sessions", async () => {
    const { user, first, second } = await signedInTwice();
    const change = (body: unknown) => first.json("POST", "/api/account/password", body);
    const wrong = await change({ currentPassword: "not it", newPassword: "a new long password" });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields.currentPassword).toBeDefined();
    expect((await change({ currentPassword: user.password, newPassword: "short" })).body.error.fields.newPassword).toBeDefined();
    expect((await second.json("GET", "/api/rooms")).status).toBe(200); // nothing changed yet

    const changed = await change({ currentPassword: user.password, newPassword: "a new long password" });
    expect(changed).toMatchObject({ status: 200, body: { sessionsEnded: 1 } });
    expect((await first.json("GET", "/api/rooms")).status).toBe(200);
    expect((await second.json("GET", "/api/rooms")).status).toBe(401);
    await expect(new ParleyClient(app.url).signIn(user)).rejects.toThrow();
    await new ParleyClient(app.url).signIn({ ...user, password: "a new long password" });
  });

  it("an admin can end a person's sessions; nobody else can", async () => {
    const { id, first, second } = await signedInTwice();
    expect((await first.json("DELETE", `/api/admin/users/${id}/sessions`)).status).toBe(403);
    expect((await first.json("GET", "/api/admin/users")).status).toBe(403);
    const listed = (await admin.json("GET", "/api/admin/users")).body.people.find((p: { id: string }) => p.id === id);
    expect(listed).toMatchObject({ sessions: 2, role: "USER" });

    expect(await admin.json("DELETE", `/api/admin/users/${id}/sessions`)).toMatchObject({ status: 200, body: { ended: 2 } });
    expect((await first.json("GET", "/api/rooms")).status).toBe(401);
    expect((await second.json("GET", "/api/rooms")).status).toBe(401);
    expect((await admin.json("GET", "/api/rooms")).status).toBe(200);
    expect((await admin.json("DELETE", "/api/admin/users/nobody/sessions")).status).toBe(404);
    const { entries } = (await admin.json("GET", "/api/admin/audit?action=admin.sessions_ended")).body;
    expect(entries[0]).toMatchObject({ targetType: "user", targetId: id, meta: { count: 2 } });
  });
});
