import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { openSse } from "@/scripts/lib/sse-client";
import { agentWait, connectAgent } from "@/test/agents";
import { type AppServer, NODE_SERVER_ARGS, startAppServer } from "@/test/app-server";

let app: AppServer;
const adminUser = uniqueUser("Admin");
beforeAll(async () => {
  app = await startAppServer({ SIGNIN_ATTEMPTS_PER_ACCOUNT: "3" });
  await new ParleyClient(app.url).signUp(adminUser);
});
afterAll(() => app?.stop());

describe("security headers", () => {
  it("pages carry a nonce-based CSP that every script of theirs satisfies, and frame and sniffing protection", async () => {
    const admin = new ParleyClient(app.url);
    await admin.signIn(adminUser);
    const client = new ParleyClient(app.url);
    for (const [page, as] of [["/signin", client], ["/rooms", admin], ["/admin/system", admin]] as const) {
      const res = await as.fetch(page);
      expect(res.status, page).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
      expect(nonce, `${page}: ${csp}`).toBeTruthy();
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, page).toContain(`nonce="${nonce}"`);
    }
    // A fresh nonce per response.
    const [a, b] = await Promise.all([client.fetch("/signin"), client.fetch("/signin")]);
    expect(a.headers.get("content-security-policy")).not.toBe(b.headers.get("content-security-policy"));
  });

  it("API responses are not framable or sniffable either", async () => {
    const res = await fetch(`${app.url}/api/health`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});

describe("cross-site requests", () => {
  it("are refused for cookie-authenticated state changes, and allowed from the same origin and for agents", async () => {
    const alice = new ParleyClient(app.url);
    await alice.signUp(uniqueUser("Alice"));
    const roomId = (await alice.json("POST", "/api/rooms", { name: "csrf" })).body.room.id as string;
    const post = (headers: Record<string, string>) =>
      alice.fetch(`/api/rooms/${roomId}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ body: "hi" }),
      });
    const evil = await post({ origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect((await evil.json()).error.code).toBe("forbidden");
    expect((await post({ "sec-fetch-site": "cross-site", origin: "https://evil.example" })).status).toBe(403);
    expect((await post({ "sec-fetch-site": "same-site" })).status).toBe(403);
    expect((await post({ "sec-fetch-site": "same-origin", origin: app.url })).status).toBe(201);
    expect((await post({ origin: app.url })).status).toBe(201);
    // Reads are not state changes.
    expect((await alice.fetch(`/api/rooms/${roomId}/messages`, { headers: { origin: "https://evil.example" } })).status).toBe(200);
    const history = (await alice.json("GET", `/api/rooms/${roomId}/messages`)).body.messages;
    expect(history.filter((m: { body: string }) => m.body === "hi")).toHaveLength(2);

    // Agents authenticate with a bearer token, which a browser never attaches by itself.
    const agent = await connectAgent(alice, roomId, "Courier");
    const byAgent = await fetch(`${app.url}/api/agent/rooms/${roomId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json", origin: "https://elsewhere.example" },
      body: JSON.stringify({ body: "from the agent" }),
    });
    expect(byAgent.status).toBe(201);
    await agent.mcp.close();
  });
});

describe("sign-in", () => {
  async function passwordHashes(): Promise<number> {
    const text = await (await fetch(`${app.url}/api/metrics`)).text();
    return Number(text.match(/^parley_password_hashes_total (\S+)$/m)?.[1] ?? 0);
  }
  async function attempt(email: string, password: string) {
    const client = new ParleyClient(app.url);
    const { body } = await client.json("GET", "/api/auth/csrf");
    const res = await client.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken: body.csrfToken }),
    });
    return { status: res.status, location: res.headers.get("location"), signedIn: client.hasSession() };
  }

  it("hashes the password for an unknown email as for a wrong password, and answers alike", async () => {
    const known = uniqueUser("Known");
    await new ParleyClient(app.url).json("POST", "/api/auth/register", known);
    const before = await passwordHashes();
    const unknown = await attempt(`nobody-${Date.now()}@example.test`, "some password");
    expect(await passwordHashes()).toBe(before + 1);
    const wrong = await attempt(known.email, "not the password");
    expect(await passwordHashes()).toBe(before + 2);
    expect(unknown).toEqual(wrong);
    expect(unknown.signedIn).toBe(false);
  });

  it("is refused for an account after too many failures, even with the right password, and is audited", async () => {
    const victim = uniqueUser("Victim");
    await new ParleyClient(app.url).json("POST", "/api/auth/register", victim);
    for (let i = 0; i < 3; i++) {
      await expect(new ParleyClient(app.url).signIn({ ...victim, password: `guess ${i}` })).rejects.toThrow();
    }
    await expect(new ParleyClient(app.url).signIn(victim)).rejects.toThrow();
    // The rate-limited attempt says so in the redirect the sign-in page shows.
    const client = new ParleyClient(app.url);
    const { body } = await client.json("GET", "/api/auth/csrf");
    const res = await client.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: victim.email, password: victim.password, csrfToken: body.csrfToken }),
    });
    expect(res.headers.get("location")).toContain("code=rate_limited");

    // Another account from the same address is not affected.
    const other = uniqueUser("Other");
    await new ParleyClient(app.url).json("POST", "/api/auth/register", other);
    await new ParleyClient(app.url).signIn(other);

    const admin = new ParleyClient(app.url);
    await admin.signIn(adminUser);
    const { entries } = (await admin.json("GET", "/api/admin/audit?limit=200")).body;
    const about = entries.filter((e: { meta: { email?: string } }) => e.meta.email === victim.email.toLowerCase());
    expect(about.filter((e: { action: string }) => e.action === "auth.signin_failed")).toHaveLength(3);
    expect(about.some((e: { action: string }) => e.action === "auth.signin_rate_limited")).toBe(true);
    expect(about.every((e: { ip: string | null }) => typeof e.ip === "string")).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(victim.password);
    expect(JSON.stringify(entries)).not.toContain("guess 0");
  });
});

describe("graceful shutdown", () => {
  it("on SIGTERM tells open streams to reconnect, lets a held agent poll return, and exits", async () => {
    // The grace period is long, so that ending well within it shows nothing waited for it to run out.
    const server = await startAppServer({ SHUTDOWN_GRACE_SECONDS: "10" });
    try {
      const owner = new ParleyClient(server.url);
      await owner.signUp(uniqueUser("Owner"));
      const roomId = (await owner.json("POST", "/api/rooms", { name: "closing" })).body.room.id as string;
      const agent = await connectAgent(owner, roomId, "Sleeper");
      const stream = await openSse(owner, `/api/rooms/${roomId}/events`);
      await stream.waitFor((e) => e.event === "ready");
      const before = await agentWait(agent.agentId, () => true);
      const poll = fetch(`${server.url}/api/agent/pending?room_id=${roomId}&wait_seconds=20`, {
        headers: { authorization: `Bearer ${agent.token}` },
      });
      await agentWait(agent.agentId, (wait) => wait.generation > before.generation); // the poll is held

      const exited = new Promise<number | null>((resolve) => server.process.once("exit", (code) => resolve(code)));
      const t0 = Date.now();
      server.process.kill("SIGTERM");
      const reconnect = await stream.waitFor((e) => e.event === "reconnect", 5000);
      expect(reconnect.data.reason).toBe("shutdown");
      await stream.closed;
      const answered = await poll;
      expect(answered.status).toBe(200);
      expect((await answered.json()).next_poll_instruction.action).toBe("poll_again");
      expect(Date.now() - t0).toBeLessThan(5000);
      const code = await exited;
      expect([0, 143]).toContain(code);
      expect(Date.now() - t0).toBeLessThan(8000);
      await agent.mcp.close().catch(() => {});
    } finally {
      await server.stop();
    }
  });

  it("in the self-hosted shape, Parley's own order runs to the end: the process exits 0 within the grace period", async () => {
    const server = await startAppServer({ SHUTDOWN_GRACE_SECONDS: "10" }, undefined, NODE_SERVER_ARGS);
    const owner = new ParleyClient(server.url);
    await owner.signUp(uniqueUser("Owner"));
    const roomId = (await owner.json("POST", "/api/rooms", { name: "stopping" })).body.room.id as string;
    const stream = await openSse(owner, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    const exited = new Promise<number | null>((resolve) => server.process.once("exit", (code) => resolve(code)));
    const t0 = Date.now();
    server.process.kill("SIGTERM");
    expect((await stream.waitFor((e) => e.event === "reconnect", 5000)).data.reason).toBe("shutdown");
    // Next's own handler would have exited with 143 at once.
    expect(await exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(8000);
  });
});
