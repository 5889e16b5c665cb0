import type { Page } from "@playwright/test";
import { ParleyClient } from "../scripts/lib/parley-client";
import { E2E_ADMIN, expect, signInThroughPage, test } from "./fixtures";

/** Signs the admin of ADMIN_EMAILS in through the page, registering the account the first time. */
async function signInAsAdmin(page: Page, baseURL: string) {
  await new ParleyClient(baseURL).json("POST", "/api/auth/register", E2E_ADMIN); // 409 once it exists
  await signInThroughPage(page, E2E_ADMIN);
}

/** Collects, across navigations, what the browser reports about the Content Security Policy on this page. */
async function watchCsp(page: Page) {
  const problems: string[] = [];
  await page.exposeFunction("__reportCsp", (violation: string) => problems.push(violation));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCsp: (v: string) => void }).__reportCsp(
        `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${location.pathname}`,
      );
    });
  });
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content[- ]Security[- ]Policy|Refused to/i.test(msg.text()))
      problems.push(msg.text());
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  return problems;
}

test("the admin System page shows heartbeats arriving and says clearly when its stream is disconnected", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsAdmin(page, baseURL as string);
  await page.getByRole("link", { name: "Admin" }).click();
  await page.getByRole("link", { name: "System" }).click();
  await expect(page).toHaveURL(/\/admin\/system$/);

  await expect(page.getByTestId("system-connection")).toHaveText("● Live");
  // The last heartbeat arrives at once, the next one within the 2 s interval of the e2e server.
  await expect(page.getByTestId("heartbeat-count")).toHaveText(/^\d+$/);
  const count = async () => Number(await page.getByTestId("heartbeat-count").textContent());
  const seen = await count();
  const firstAt = await page.getByTestId("heartbeat-at").getAttribute("datetime");
  await expect.poll(count, { timeout: 10_000 }).toBeGreaterThan(seen);
  expect(await page.getByTestId("heartbeat-at").getAttribute("datetime")).not.toBe(firstAt);
  await expect(page.getByTestId("stat-clients")).not.toHaveText("");
  await expect(page.getByTestId("stat-storage")).toContainText("ok");

  await context.setOffline(true);
  await expect(page.getByTestId("system-disconnected")).toContainText("Disconnected from the server");
  await expect(page.getByTestId("system-connection")).toHaveText("Disconnected");
  await context.setOffline(false);
  await expect(page.getByTestId("system-connection")).toHaveText("● Live", { timeout: 15_000 });
  await expect(page.getByTestId("system-disconnected")).toHaveCount(0);
  await context.close();
});

test("pages work under the Content Security Policy: sign-in, chat, redaction, agents and admin pages report no violation", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cspProblems = await watchCsp(page);
  await signInAsAdmin(page, baseURL as string);

  await page.getByLabel("New room name").fill("Under policy");
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page.getByTestId("live-state")).toHaveText("● Live");
  const roomUrl = page.url();

  // A second page on the same room sees the redaction live.
  const other = await context.newPage();
  const otherProblems = await watchCsp(other);
  await other.goto(roomUrl);
  await expect(other.getByTestId("live-state")).toHaveText("● Live");

  await page.getByLabel("Message").fill("this should not have been **posted**");
  await page.getByLabel("Message").press("Enter");
  const mine = page.getByTestId("message").filter({ hasText: "this should not have been posted" });
  await expect(mine).toBeVisible();
  await expect(other.getByTestId("message").filter({ hasText: "this should not have been posted" })).toBeVisible();
  await mine.getByRole("button", { name: /^Delete #/ }).click();
  await mine.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByTestId("message").last()).toContainText("message deleted");
  await expect(other.getByTestId("message").last()).toContainText("message deleted");
  await expect(other.getByText("this should not have been posted")).toHaveCount(0);

  await page.goto("/agents");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await page.goto("/admin/audit");
  await expect(page.getByTestId("audit-entries")).toContainText("message.redacted");
  await page.getByLabel("Action").selectOption("auth.signin");
  await expect(page.getByTestId("audit-entry").first()).toContainText("auth.signin");
  await page.goto("/admin/system");
  await expect(page.getByTestId("system-connection")).toHaveText("● Live");

  expect(cspProblems).toEqual([]);
  expect(otherProblems).toEqual([]);
  await context.close();
});

test("pages have an icon, and loading one asks the server for nothing it lacks", async ({ page }) => {
  const missing: string[] = [];
  page.on("response", (res) => {
    if (res.status() === 404) missing.push(res.url());
  });
  await page.goto("/signin");
  const icon = page.locator('link[rel="icon"]');
  await expect(icon).toHaveCount(1);
  const href = (await icon.getAttribute("href")) as string;
  const served = await page.request.get(href);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toContain("image/svg+xml");
  // The browser's own favicon request, if any, has had its time.
  await page.waitForLoadState("networkidle");
  expect(missing).toEqual([]);
});
