import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { expect, signUpThroughPage, test } from "./fixtures";

/** An MCP client as claude.ai is one: registered, with a local callback page and a PKCE authorization link. */
async function oauthClient(baseURL: string, name: string, host = "127.0.0.1") {
  const callback = createServer((_, res) =>
    res.writeHead(200, { "content-type": "text/plain" }).end("client callback"),
  );
  await new Promise<void>((r) => callback.listen(0, r));
  const redirectUri = `http://${host}:${(callback.address() as AddressInfo).port}/oauth/callback`;
  const { client_id } = await (
    await fetch(`${baseURL}/api/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: name, redirect_uris: [redirectUri] }),
    })
  ).json();
  const verifier = randomBytes(32).toString("base64url");
  const query = new URLSearchParams({
    response_type: "code",
    client_id,
    redirect_uri: redirectUri,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state: "xyz",
  });
  return { client_id, redirectUri, verifier, authorizeUrl: `/oauth/authorize?${query}`, close: () => callback.close() };
}

test("a signed-out person follows a client's authorization link, signs in, approves, and the browser reaches the client with a code", async ({
  page,
  baseURL,
}) => {
  const person = uniqueUser("Nia");
  await new ParleyClient(baseURL as string).signUp(person);
  const client = await oauthClient(baseURL as string, "Claude", "localhost");
  await page.goto(client.authorizeUrl);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("client-name")).toHaveText("Claude");
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL((url) => url.href.startsWith(client.redirectUri));
  expect(new URL(page.url()).searchParams.get("code")).toBeTruthy();
  expect(new URL(page.url()).searchParams.get("state")).toBe("xyz");
  client.close();
});

test("a person approves an MCP client on the consent page and the browser goes back to the client with a code", async ({
  page,
  baseURL,
}) => {
  const { client_id, redirectUri, verifier, authorizeUrl, close } = await oauthClient(
    baseURL as string,
    "Browser Connector",
  );
  await signUpThroughPage(page, uniqueUser("Olive"));
  await page.goto(authorizeUrl);
  await expect(page.getByTestId("client-name")).toHaveText("Browser Connector");
  await page.getByLabel("Name for a new agent").fill("Claude Web");
  await page.getByRole("button", { name: "Approve" }).click();

  await page.waitForURL((url) => url.href.startsWith(redirectUri));
  const back = new URL(page.url());
  expect(back.searchParams.get("state")).toBe("xyz");
  const token = await fetch(`${baseURL}/api/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: back.searchParams.get("code") ?? "",
      client_id,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  expect(token.status).toBe(200);

  await page.goto("/agents");
  await expect(page.getByTestId("connected-apps")).toContainText("Browser Connector");
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByTestId("connected-apps")).not.toContainText("Browser Connector");
  close();
});
