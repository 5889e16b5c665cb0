import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthClientProvider, OAuthTokens } from "@modelcontextprotocol/client";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { type AppServer, startAppServer } from "@/test/app-server";

const ACCESS_TTL_SECONDS = 3;
let app: AppServer;
beforeAll(async () => {
  // Client ID Metadata Documents are served by the test itself, over http on loopback.
  app = await startAppServer({ OAUTH_ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_SECONDS), OAUTH_ALLOW_HTTP_CLIENT_IDS: "true" });
});
afterAll(() => app?.stop());

const REDIRECT = "http://127.0.0.1:8976/callback";

/** What an MCP client such as claude.ai keeps: registration, tokens, the PKCE verifier. */
class MemoryProvider implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = "";
  authorizationUrl?: URL;
  readonly redirectUrl = REDIRECT;
  readonly clientMetadata: OAuthClientMetadata = {
    client_name: "Test Connector",
    redirect_uris: [REDIRECT],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  };
  clientInformation = () => this.client;
  saveClientInformation = (client: OAuthClientInformationMixed) => void (this.client = client);
  tokens = () => this.saved;
  saveTokens = (tokens: OAuthTokens) => void (this.saved = tokens);
  redirectToAuthorization = (url: URL) => void (this.authorizationUrl = url);
  saveCodeVerifier = (verifier: string) => void (this.verifier = verifier);
  codeVerifier = () => this.verifier;
}

async function person() {
  const client = new ParleyClient(app.url);
  await client.signUp(uniqueUser("Connie"));
  return client;
}

/** The signed-in person answers the consent page; returns the code from the redirect. */
async function consent(personClient: ParleyClient, authorizationUrl: URL | string, extra: Record<string, string> = {}) {
  const url = new URL(authorizationUrl);
  const page = await personClient.fetch(`${url.pathname}${url.search}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Test Connector");
  const form = new URLSearchParams({ ...Object.fromEntries(url.searchParams), agentId: "new", newAgentName: "Claude", decision: "approve", ...extra });
  const res = await personClient.fetch("/api/oauth/authorize", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url },
    body: form,
  });
  expect(res.status).toBe(303);
  return new URL(res.headers.get("location") as string);
}

const connect = async (provider: MemoryProvider) => {
  const mcp = new Client({ name: "oauth-test", version: "1" });
  const transport = new StreamableHTTPClientTransport(new URL("/api/mcp", app.url), { authProvider: provider });
  await mcp.connect(transport);
  return { mcp, transport };
};

describe("OAuth for MCP clients", () => {
  it("lets the MCP SDK's client discover, register, get consent, call tools, refresh, and be cut off by revocation", async () => {
    const owner = await person();
    const provider = new MemoryProvider();

    // First contact: 401 → discovery → registration → the consent URL.
    const first = new StreamableHTTPClientTransport(new URL("/api/mcp", app.url), { authProvider: provider });
    await expect(new Client({ name: "oauth-test", version: "1" }).connect(first)).rejects.toThrow(/Unauthorized/i);
    expect(provider.client?.client_id).toMatch(/^pc_/);
    const authUrl = provider.authorizationUrl as URL;
    expect(authUrl.pathname).toBe("/oauth/authorize");
    expect(authUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authUrl.searchParams.get("resource")).toBe(`${app.url}/api/mcp`);

    const back = await consent(owner, authUrl);
    expect(back.searchParams.get("state")).toBe(authUrl.searchParams.get("state"));
    await first.finishAuth(back.searchParams);
    expect(provider.saved?.access_token).toMatch(/^pat_/);

    const { mcp } = await connect(provider);
    expect((await mcp.listTools()).tools.map((t) => t.name)).toContain("get_pending_messages");
    const rooms = await mcp.callTool({ name: "list_rooms", arguments: {} });
    expect(rooms.isError).toBeFalsy();

    // The access token expires; the client refreshes (rotating the refresh token) and carries on.
    const before = provider.saved as OAuthTokens;
    await new Promise((r) => setTimeout(r, ACCESS_TTL_SECONDS * 1000 + 500));
    const { mcp: again } = await connect(provider);
    expect((await again.callTool({ name: "list_rooms", arguments: {} })).isError).toBeFalsy();
    expect(provider.saved?.access_token).not.toBe(before.access_token);
    expect(provider.saved?.refresh_token).not.toBe(before.refresh_token);

    // The grant shows on the Agents page's API; revoking it stops the client at once.
    const { grants } = (await owner.json("GET", "/api/oauth/grants")).body;
    expect(grants).toMatchObject([{ client: { name: "Test Connector" }, agent: { name: "Claude" } }]);
    expect((await owner.fetch(`/api/oauth/grants/${grants[0].id}`, { method: "DELETE" })).status).toBe(204);
    const raw = await fetch(`${app.url}/api/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${provider.saved?.access_token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(raw.status).toBe(401);
    expect(raw.headers.get("www-authenticate")).toContain("resource_metadata=");
    await expect(connect(provider).then(({ mcp: m }) => m.listTools())).rejects.toThrow();
  });
});

describe("OAuth refusals", () => {
  const verifier = () => randomBytes(32).toString("base64url");
  const challengeOf = (v: string) => createHash("sha256").update(v).digest("base64url");

  async function registered() {
    const res = await fetch(`${app.url}/api/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "Test Connector", redirect_uris: [REDIRECT], token_endpoint_auth_method: "none" }),
    });
    expect(res.status).toBe(201);
    return (await res.json()).client_id as string;
  }

  function authorizeUrl(clientId: string, v: string, extra: Record<string, string> = {}) {
    const params = { response_type: "code", client_id: clientId, redirect_uri: REDIRECT, code_challenge: challengeOf(v), code_challenge_method: "S256", state: "s1", ...extra };
    return `${app.url}/oauth/authorize?${new URLSearchParams(params)}`;
  }

  const token = (form: Record<string, string>) =>
    fetch(`${app.url}/api/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) }).then(
      async (r) => ({ status: r.status, body: await r.json() }),
    );

  it("refuses a wrong PKCE verifier, a reused code and a mismatched redirect URI", async () => {
    const owner = await person();
    const clientId = await registered();
    const v = verifier();
    const codeFor = async () => (await consent(owner, authorizeUrl(clientId, v))).searchParams.get("code") as string;
    const exchange = (code: string, extra: Record<string, string> = {}) =>
      token({ grant_type: "authorization_code", code, client_id: clientId, redirect_uri: REDIRECT, code_verifier: v, ...extra });

    const wrong = await exchange(await codeFor(), { code_verifier: verifier() });
    expect(wrong).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    const mismatched = await exchange(await codeFor(), { redirect_uri: "http://127.0.0.1:8976/other" });
    expect(mismatched).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    const code = await codeFor();
    const ok = await exchange(code);
    expect(ok.status).toBe(200);
    const reused = await exchange(code);
    expect(reused).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // Replaying the code revoked what it had produced.
    const mcp = await fetch(`${app.url}/api/mcp`, { method: "POST", headers: { authorization: `Bearer ${ok.body.access_token}` } });
    expect(mcp.status).toBe(401);
    // ...and ended the grant itself: the person sees it ended, and why, not connected.
    const { grants } = (await owner.json("GET", "/api/oauth/grants")).body;
    const ended = grants.filter((g: { endedAt: string | null }) => g.endedAt);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ endedBecause: "code_reused", client: { id: clientId } });
    const refreshed = await token({ grant_type: "refresh_token", refresh_token: ok.body.refresh_token, client_id: clientId });
    expect(refreshed).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    // Disconnecting an ended grant finds nothing live to end.
    expect((await owner.json("DELETE", `/api/oauth/grants/${ended[0].id}`)).status).toBe(404);

    // An unregistered redirect URI is never redirected to: the page says so.
    const evil = new URL(authorizeUrl(clientId, v, { redirect_uri: "https://evil.example/cb" }));
    const page = await owner.fetch(evil.pathname + evil.search);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("did not register");
    expect((await token({ grant_type: "authorization_code", code: "nope", client_id: "unknown", redirect_uri: REDIRECT, code_verifier: v })).status).toBe(401);
  });

  it("refuses tokens for another audience and expired tokens", async () => {
    const owner = await person();
    const clientId = await registered();
    const v = verifier();
    // A request for another resource goes back to the client as an OAuth error, not a consent page.
    const other = new URL(authorizeUrl(clientId, v, { resource: "https://elsewhere.example/api/mcp" }));
    const refused = await owner.fetch(other.pathname + other.search);
    expect(refused.status).toBeGreaterThanOrEqual(300);
    expect(new URL(refused.headers.get("location") as string).searchParams.get("error")).toBe("invalid_target");

    const code = (await consent(owner, authorizeUrl(clientId, v))).searchParams.get("code") as string;
    const issued = await token({ grant_type: "authorization_code", code, client_id: clientId, redirect_uri: REDIRECT, code_verifier: v });
    const bearer = { authorization: `Bearer ${issued.body.access_token}` };
    // Bound to /api/mcp: the agent REST API is another audience.
    expect((await fetch(`${app.url}/api/agent/pending?wait_seconds=0`, { headers: bearer })).status).toBe(401);
    expect(
      (await token({ grant_type: "refresh_token", refresh_token: issued.body.refresh_token, client_id: clientId, resource: "https://elsewhere.example/api/mcp" })).body.error,
    ).toBe("invalid_target");

    await new Promise((r) => setTimeout(r, ACCESS_TTL_SECONDS * 1000 + 500));
    const expired = await fetch(`${app.url}/api/mcp`, {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("knows a client by its metadata document URL, and never redirects for an invalid document", async () => {
    const docs = new Map<string, unknown>();
    const server = createServer((req, res) => {
      const doc = docs.get(req.url ?? "");
      res.writeHead(doc ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(doc ?? {}));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    docs.set("/good.json", { client_id: `${host}/good.json`, client_name: "Test Connector", redirect_uris: [REDIRECT] });
    docs.set("/bad.json", { client_id: `${host}/bad.json`, client_name: "Bad", redirect_uris: ["javascript:alert(1)"] });
    try {
      const owner = await person();
      const v = verifier();
      const back = await consent(owner, authorizeUrl(`${host}/good.json`, v));
      const issued = await token({ grant_type: "authorization_code", code: back.searchParams.get("code") ?? "", client_id: `${host}/good.json`, redirect_uri: REDIRECT, code_verifier: v });
      expect(issued.status).toBe(200);

      const bad = new URL(authorizeUrl(`${host}/bad.json`, v, { redirect_uri: "https://evil.example/cb" }));
      const page = await owner.fetch(bad.pathname + bad.search);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("not registered");
      // Unknown to the token endpoint, which never fetches documents itself.
      expect((await token({ grant_type: "authorization_code", code: "x", client_id: `${host}/other.json`, redirect_uri: REDIRECT, code_verifier: v })).status).toBe(401);
    } finally {
      server.close();
    }
  });

  it("publishes the discovery documents", async () => {
    const prm = await (await fetch(`${app.url}/.well-known/oauth-protected-resource/api/mcp`)).json();
    expect(prm).toMatchObject({ resource: `${app.url}/api/mcp`, authorization_servers: [app.url] });
    const as = await (await fetch(`${app.url}/.well-known/oauth-authorization-server`)).json();
    expect(as).toMatchObject({ issuer: app.url, code_challenge_methods_supported: ["S256"], registration_endpoint: `${app.url}/api/oauth/register` });
    const bad = await fetch(`${app.url}/api/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ redirect_uris: ["http://evil.example/cb"] }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe("invalid_redirect_uri");
  });

  // Last in the file: it spends this server's registration budget for the address.
  it("limits client registrations per address with 429 and Retry-After", async () => {
    const register = () =>
      fetch(`${app.url}/api/oauth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_name: "Flood", redirect_uris: [REDIRECT] }),
      });
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 25 && !refused; i++) {
      const res = await register();
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(refused?.headers.get("retry-after")).toBeTruthy();
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(20);
  });
});
