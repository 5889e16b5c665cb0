import type { Browser, Page } from "@playwright/test";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { connectAgent } from "../test/agents";
import { sharedRoom, signedInContext } from "./conversation";
import { E2E_ADMIN, expect, test } from "./fixtures";

// Issue #28, "Admin": feedback review that keeps its filters and steps through them, people search, roles
// and deactivation, an audit log with names, isolated user text, labelled webhooks, admin pages that fit a
// phone, metadata that names who conflicted and reads the same everywhere, and a disabled button that looks it.

async function adminClient(baseURL: string) {
  const admin = new ParleyClient(baseURL);
  await admin.json("POST", "/api/auth/register", E2E_ADMIN); // 409 once it exists
  await admin.signIn(E2E_ADMIN);
  return admin;
}

/** A room (its name wrapped in right-to-left override characters) with three agent replies rated by a person. */
async function ratedReplies(baseURL: string) {
  const person = new ParleyClient(baseURL);
  const rater = { ...uniqueUser("Rita"), name: "Rita Rater" };
  await person.signUp(rater);
  const tag = Date.now().toString(36);
  const roomName = `\u202Eroom ${tag}\u202C`;
  const roomId = (await person.json("POST", "/api/rooms", { name: roomName })).body.room.id as string;
  const agent = await connectAgent(person, roomId, `Critic${tag}`);
  const ids: string[] = [];
  for (const body of ["First **bold** reply", "Second reply", "Third reply"]) {
    const res = await fetch(`${baseURL}/api/agent/rooms/${roomId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
      body: JSON.stringify({ body }),
    });
    ids.push((await res.json()).message.id);
  }
  await agent.mcp.close();
  for (const id of ids)
    await person.json("PUT", `/api/messages/${id}/feedback`, { rating: "down", comment: `about ${tag}` });
  return { person, rater, roomId, roomName, tag };
}

const adminPage = async (browser: Browser, baseURL: string, options = {}): Promise<Page> =>
  (await signedInContext(browser, await adminClient(baseURL), options)).newPage();

test("feedback review keeps the list's filters, steps to the next and previous item, and names the reviewer", async ({
  browser,
  baseURL,
}) => {
  const { tag, roomName } = await ratedReplies(baseURL as string);
  const page = await adminPage(browser, baseURL as string);
  await page.goto(`/admin/feedback?rating=down&q=${tag}&sort=oldest`);
  const list = page.getByTestId("feedback-list");
  await expect(list.getByRole("listitem")).toHaveCount(3);
  // Previews are plain text; the room's name is isolated from the text around it.
  await expect(list.getByTestId("feedback-preview").first()).toHaveText("First bold reply");
  await expect(list.locator("bdi", { hasText: `room ${tag}` }).first()).toHaveText(roomName);

  await list.getByRole("link").first().click();
  await expect(page).toHaveURL(/rating=down/);
  await expect(page.getByTestId("conversation").locator("[data-rated]")).toContainText("First bold reply");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page.getByTestId("conversation").locator("[data-rated]")).toContainText("Second reply");
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page.getByTestId("conversation").locator("[data-rated]")).toContainText("First bold reply");

  await page.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(page.getByTestId("review-state")).toContainText(`Reviewed by ${E2E_ADMIN.name}`);
  await page.getByRole("link", { name: "← All feedback" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/feedback\\?rating=down&q=${tag}&sort=oldest$`));
  await expect(list.getByRole("listitem")).toHaveCount(3);
});

test("the thumbs-down comment box opens in view with the focus, wide enough, and says when it is saved", async ({
  browser,
  baseURL,
}) => {
  const { person, roomId } = await ratedReplies(baseURL as string);
  const page = await (await signedInContext(browser, person)).newPage();
  await page.goto(`/rooms/${roomId}`);
  const reply = page.getByTestId("message").filter({ hasText: "Third reply" });
  await reply.hover();
  await reply.getByRole("button", { name: "Comment" }).click();
  const box = reply.getByLabel("Feedback comment");
  await expect(box).toBeFocused();
  await expect(box).toBeInViewport();
  expect((await box.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(280);
  await box.fill("Still wrong");
  await box.press("Control+Enter");
  await expect(reply.getByText("Comment saved.")).toBeVisible();
});

test("people: search, a role change, deactivation that signs out and refuses sign-in; the audit log names them", async ({
  browser,
  baseURL,
}) => {
  const member = new ParleyClient(baseURL as string);
  const person = { ...uniqueUser("Dee"), name: `Dee ${Date.now().toString(36)}` };
  await member.signUp(person);
  const page = await adminPage(browser, baseURL as string);
  await page.goto("/admin/users");
  await page.getByLabel("Search people").fill(person.name);
  const row = page.getByTestId(`person-${person.email.toLowerCase()}`);
  await expect(page.getByTestId("people").getByRole("listitem")).toHaveCount(1);

  await row.getByLabel(`Role of ${person.name}`).selectOption("ADMIN");
  await expect(row.getByLabel(`Role of ${person.name}`)).toHaveValue("ADMIN");
  expect((await member.json("GET", "/api/admin/users")).status).toBe(200);
  await row.getByLabel(`Role of ${person.name}`).selectOption("USER");
  await expect.poll(async () => (await member.json("GET", "/api/admin/users")).status).toBe(403);

  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row).toContainText("deactivated");
  expect((await member.json("GET", "/api/rooms")).status).toBe(401);
  await expect(new ParleyClient(baseURL as string).signIn(person)).rejects.toThrow(/sign-in failed/);
  await row.getByRole("button", { name: "Reactivate" }).click();
  await expect(row).not.toContainText("deactivated");
  await new ParleyClient(baseURL as string).signIn(person);

  await page.goto("/admin/audit");
  const entry = page.getByTestId("audit-entry").filter({ hasText: "admin.user_deactivated" }).first();
  await expect(entry).toContainText(`user ${person.name}`);
  await expect(entry).not.toContainText(/user c[a-z0-9]{20,}/);
});

test("webhooks have visible labels, a test opens the delivery log, and a paused one says so", async ({
  browser,
  baseURL,
}) => {
  const page = await adminPage(browser, baseURL as string);
  await page.goto("/admin/webhooks");
  await expect(page.locator('label[for="webhook-url"]')).toBeVisible();
  await expect(page.locator('label[for="webhook-secret"]')).toBeVisible();
  const url = `https://hooks.example.test/${Date.now().toString(36)}`;
  await page.getByLabel("Webhook URL").fill(url);
  await page.getByLabel("Signing secret").fill("whsec_0123456789abcdef");
  await page.getByRole("button", { name: "Add webhook" }).click();
  const hook = page.getByRole("listitem").filter({ hasText: url });
  await expect(hook.getByTestId("webhook-state")).toHaveText("Active");
  await hook.getByRole("button", { name: "Send test event" }).click();
  await expect(hook.getByRole("cell", { name: "webhook.test" })).toBeVisible();
  await hook.getByRole("button", { name: "Pause" }).click();
  await expect(hook.getByTestId("webhook-state")).toHaveText("Paused");
});

test("at 390 px no admin page is wider than the screen and every section link is in sight", async ({
  browser,
  baseURL,
}) => {
  await ratedReplies(baseURL as string);
  const page = await adminPage(browser, baseURL as string, { viewport: { width: 390, height: 844 } });
  for (const path of [
    "/admin/feedback",
    "/admin/audit",
    "/admin/webhooks",
    "/admin/users",
    "/admin/system",
    "/admin/rooms",
    "/admin/agents",
  ]) {
    await page.goto(path);
    await expect(
      page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Audit log" }),
    ).toBeInViewport();
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
  }
});

test("metadata: a conflict names who saved, inline edits show Save and Cancel, keys read in one order; disabled looks disabled in dark", async ({
  browser,
  baseURL,
}) => {
  const owner = new ParleyClient(baseURL as string);
  const other = new ParleyClient(baseURL as string);
  await owner.signUp(uniqueUser("Mae"));
  await other.signUp({ ...uniqueUser("Kit"), name: "Kit Carver" });
  const roomId = await sharedRoom(owner, other, "Meta");
  await owner.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { zeta: 1, alpha: 2, mid: 3 } });

  const page = await (await signedInContext(browser, owner, { colorScheme: "dark" })).newPage();
  await page.goto(`/rooms/${roomId}`);
  const keys = page.getByTestId("metadata").locator("tbody th");
  await expect(keys).toHaveText(["alpha", "mid", "zeta"]);

  await page.getByRole("button", { name: "Edit mid" }).click();
  await expect(page.getByTestId("metadata").getByRole("button", { name: "Save" })).toBeVisible();
  await expect(page.getByTestId("metadata").getByRole("button", { name: "Cancel" })).toBeVisible();
  await page.getByLabel("Value of mid").fill("30");
  await other.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { mid: 4 } });
  await page.getByTestId("metadata").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("metadata-conflict")).toContainText("Kit Carver saved first");

  // Dark theme: a disabled "Create room" is grey, not the enabled blue.
  await page.goto("/rooms");
  const create = page.getByRole("button", { name: "Create room" });
  await expect(create).toBeDisabled();
  const disabledBg = await create.evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.getByLabel("New room name").fill("x");
  await expect(create).toBeEnabled();
  // The colour changes with a short transition: read it until it settles.
  await expect.poll(() => create.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(disabledBg);
  // Not the enabled blue dimmed either: a grey has its red, green and blue close together.
  const [r, g, b] = (disabledBg.match(/\d+/g) ?? []).map(Number);
  expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(40);
});
