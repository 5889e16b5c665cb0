import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { type AppServer, startAppServer } from "@/test/app-server";

// Three sign-ups per address per 15 minutes on this server.
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer({ SIGNUP_ATTEMPTS_PER_ADDRESS: "3" });
});
afterAll(() => app?.stop());

const register = (body: unknown, address: string) =>
  fetch(`${app.url}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address },
    body: JSON.stringify(body),
  });

describe("sign-up limit per address", () => {
  it("refuses a fourth sign-up from one address with 429 and Retry-After, while another address still signs up", async () => {
    for (let i = 0; i < 3; i++) expect((await register(uniqueUser(`a${i}`), "203.0.113.7")).status).toBe(201);
    const refused = await register(uniqueUser("a3"), "203.0.113.7");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error.message).toMatch(/Too many sign-ups from your address/);
    expect((await register(uniqueUser("b0"), "198.51.100.9")).status).toBe(201);
  });

  it("counts attempts that fail too (a taken email), so the limit cannot be probed for free", async () => {
    const person = uniqueUser("taken");
    expect((await register(person, "192.0.2.44")).status).toBe(201);
    expect((await register(person, "192.0.2.44")).status).toBe(409);
    expect((await register(person, "192.0.2.44")).status).toBe(409);
    expect((await register(uniqueUser("late"), "192.0.2.44")).status).toBe(429);
  });
});

const root = path.resolve(import.meta.dirname, "../..");

/** Runs `npm run admin -- <args>` as an operator would, against this test file's database. */
function adminCommand(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/admin.ts", ...args], {
      cwd: root,
      env: process.env,
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}

describe("npm run admin", () => {
  it("promotes and demotes by email (any case); the person's next request sees the role", async () => {
    const person = uniqueUser("Operator");
    const client = new ParleyClient(app.url);
    expect((await register(person, "192.0.2.101")).status).toBe(201);
    await client.signIn(person);
    expect((await client.json("GET", "/api/admin/users")).status).toBe(403);

    const promoted = await adminCommand("promote", person.email.toUpperCase());
    expect(promoted.err).toBe("");
    expect(promoted.code).toBe(0);
    expect(promoted.out).toContain(`${person.email.toLowerCase()} is now an admin`);
    expect((await client.json("GET", "/api/admin/users")).status).toBe(200);

    const demoted = await adminCommand("demote", person.email);
    expect(demoted.code).toBe(0);
    expect(demoted.out).toContain("is no longer an admin");
    expect((await client.json("GET", "/api/admin/users")).status).toBe(403);
  }, 120_000);

  it("says so for an unknown email (exit 1) and prints its usage for anything else (exit 2)", async () => {
    const unknown = await adminCommand("promote", "nobody@example.invalid");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("No account with the email nobody@example.invalid");

    for (const args of [[], ["promote"], ["crown", "a@b.c"], ["demote", "a@b.c", "extra"]]) {
      const wrong = await adminCommand(...args);
      expect(wrong.code, args.join(" ")).toBe(2);
      expect(wrong.err, args.join(" ")).toContain("usage: npm run admin -- promote <email> | demote <email>");
    }
  }, 120_000);
});
