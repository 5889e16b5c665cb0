import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { uniqueUser } from "../scripts/lib/parley-client";
import { expect, signUpThroughPage, test } from "./fixtures";

test("a person approves an MCP client on the consent page and the browser goes back to the client with a code", async ({ page, baseURL }) => {
  // The client's callback: a local page that just says it got there.
  const callback = createServer((_, res) => res.writeHead(200, { "content-type": "text/plain" }).end("client callback"));
  await new Promise<void>((r) => callback.listen(0, "127.0.0.1", r));
  const redirectUri = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
  const { client_id } = await (
    await fetch(`${baseURL}/api/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "Browser Connector", redirect_uris: [redirectUri] }),
    })
  ).json();

  await signUpThroughPage(page, uniqueUser("Olive"));
  const verifier = randomBytes(32).toString("base64url");
  const query = new URLSearchParams({
    response_type: "code",
    client_id,
    redirect_uri: redirectUri,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state: "xyz",
  });
  await page.goto(`/oauth/authorize?${query}`);
  await expect(page.getByTestId("client-name")).toHaveText("Browser Connector");
  await page.getByLabel("Name for a new agent").fill("Claude Web");
  await page.getByRole("button", { name: "Approve" }).click();

  await page.waitForURL((url) => url.href.startsWith(redirectUri));
  const back = new URL(page.url());
  expect(back.searchParams.get("state")).toBe("xyz");
  const token = await fetch(`${baseURL}/api/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code: back.searchParams.get("code") ?? "", client_id, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  expect(token.status).toBe(200);

  await page.goto("/agents");
  await expect(page.getByTestId("connected-apps")).toContainText("Browser Connector");
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByTestId("connected-apps")).not.toContainText("Browser Connector");
  callback.close();
});
