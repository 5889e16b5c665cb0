import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { type AppServer, startAppServer } from "@/test/app-server";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app?.stop());

const register = (body: unknown) => new ParleyClient(app.url).json("POST", "/api/auth/register", body);

describe("POST /api/auth/register", () => {
  it("makes the first account an admin and later ones users", async () => {
    const first = await register(uniqueUser("first"));
    expect(first.status).toBe(201);
    expect(first.body.user.role).toBe("ADMIN");
    const second = await register(uniqueUser("second"));
    expect(second.status).toBe(201);
    expect(second.body.user.role).toBe("USER");
    expect(JSON.stringify(second.body)).not.toContain("password");
  });

  it("refuses a taken email with 409, whatever its case", async () => {
    const person = uniqueUser("dup");
    expect((await register(person)).status).toBe(201);
    const again = await register({ ...person, email: person.email.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
  });

  it("answers 422 with field errors for bad input", async () => {
    const res = await register({ email: "nope", password: "short", name: "" });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("unprocessable");
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["email", "name", "password"]);
  });

  it("answers 400 for a body that is not JSON and 413 for one over 64 KB", async () => {
    const client = new ParleyClient(app.url);
    const bad = await client.fetch("/api/auth/register", { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    const huge = await register({ ...uniqueUser(), name: "x".repeat(70_000) });
    expect(huge.status).toBe(413);
  });

  it("lets a registered person sign in with the password and not without it", async () => {
    const person = uniqueUser("signin");
    await register(person);
    const client = new ParleyClient(app.url);
    await client.signIn(person);
    expect(client.hasSession()).toBe(true);
    await expect(new ParleyClient(app.url).signIn({ ...person, password: "wrong password" })).rejects.toThrow();
  });
});

describe("sessions", () => {
  it("recognises the session cookie, under its __Secure- name behind an https proxy, and refuses a forged one", async () => {
    const person = uniqueUser("session");
    await register(person);
    // A TLS-terminating proxy says https: Auth.js then names its cookies __Secure-… (and the API must read that name).
    const client = new ParleyClient(app.url);
    const viaHttps = (path: string, init: RequestInit = {}) =>
      client.fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), "x-forwarded-proto": "https" } });
    const { csrfToken } = await (await viaHttps("/api/auth/csrf")).json();
    await viaHttps("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: person.email, password: person.password, csrfToken, callbackUrl: app.url }),
    });
    expect(client.cookieHeader()).toContain("__Secure-authjs.session-token=");
    expect((await viaHttps("/api/rooms")).status).toBe(200);
    // Over plain http the session cookie has the other name, as Auth.js itself would look for.
    expect((await client.fetch("/api/rooms")).status).toBe(401);

    const forged = await fetch(`${app.url}/api/rooms`, { headers: { cookie: "authjs.session-token=eyJhbGciOiJkaXIifQ.forged" } });
    expect(forged.status).toBe(401);
  });
});

describe("GET /api/health", () => {
  it("answers ok with the storage latency while the database is up", async () => {
    const res = await new ParleyClient(app.url).json("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", storage: { status: "ok" } });
    expect(typeof res.body.uptime_seconds).toBe("number");
  });
});
