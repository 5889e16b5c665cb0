import type { Page } from "@playwright/test";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { sharedRoom, signedInContext } from "./conversation";
import { E2E_ADMIN, expect, openLiveRoom, signUpThroughPage, test } from "./fixtures";

// Issue #28, "Knowing what is new": tab titles, a sidebar that knows new rooms, unread that tells mentions and
// muted rooms apart, a New line after a hidden tab, mention alerts that say when they are blocked, and
// presence that means online in Parley.

const WIDE = { viewport: { width: 1280, height: 800 } };

const setVisibility = (page: Page, state: "hidden" | "visible") =>
  page.evaluate((value) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => value });
    document.dispatchEvent(new Event("visibilitychange"));
  }, state);

test("every page names itself in the tab from its first load", async ({ browser, baseURL }) => {
  const client = new ParleyClient(baseURL as string);
  await client.signUp(uniqueUser("Tess"));
  const roomId = (await client.json("POST", "/api/rooms", { name: "Quarterly plan" })).body.room.id as string;
  const page = await (await signedInContext(browser, client)).newPage();
  for (const [path, title] of [
    [`/rooms/${roomId}`, "Quarterly plan · Parley"],
    ["/agents", "Agents · Parley"],
    ["/account", "Account · Parley"],
    ["/rooms", "Rooms · Parley"],
  ]) {
    await page.goto(path);
    await expect(page).toHaveTitle(title);
  }
  // Moving inside the app names the page it lands on, too.
  await page.getByRole("link", { name: "Quarterly plan" }).click();
  await expect(page).toHaveTitle("Quarterly plan · Parley");
  await page.getByRole("link", { name: "Agents" }).click();
  await expect(page).toHaveTitle("Agents · Parley");

  const admin = new ParleyClient(baseURL as string);
  await admin.json("POST", "/api/auth/register", E2E_ADMIN);
  await admin.signIn(E2E_ADMIN);
  const adminPage = await (await signedInContext(browser, admin)).newPage();
  await adminPage.goto("/admin/feedback");
  await expect(adminPage).toHaveTitle("Feedback · Admin · Parley");
  // The icon every page links is served: no 404 on each load.
  const icon = await adminPage.locator('link[rel="icon"]').first().getAttribute("href");
  expect((await adminPage.request.get(icon ?? "/missing")).status()).toBe(200);
});

test("the sidebar shows your first room as soon as you create it", async ({ browser }) => {
  const page = await (await browser.newContext(WIDE)).newPage();
  await signUpThroughPage(page, uniqueUser("Nina"));
  await expect(page.getByText("You are in no rooms yet")).toBeVisible();
  await page.getByLabel("New room name").fill("First light");
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page.getByTestId("room-name")).toHaveText("First light");
  const sidebar = page.getByTestId("rooms-sidebar");
  await expect(sidebar.getByRole("link", { name: /First light/ })).toHaveAttribute("aria-current", "page");
  await expect(sidebar.getByText("You are in no rooms yet")).toHaveCount(0);
});

test("unread rooms are bold, mentions have their own badge, a muted room stays quiet unless it mentions you", async ({
  browser,
  baseURL,
}) => {
  const ann = new ParleyClient(baseURL as string);
  const bo = new ParleyClient(baseURL as string);
  const boUser = uniqueUser("Bo");
  await ann.signUp(uniqueUser("Ann"));
  await bo.signUp(boUser);
  const plain = await sharedRoom(ann, bo, "Plain news");
  const mentioned = await sharedRoom(ann, bo, "Mentioned here");
  const quiet = await sharedRoom(ann, bo, "Quiet corner");
  const read = await sharedRoom(ann, bo, "All read");

  const page = await (await signedInContext(browser, bo, WIDE)).newPage();
  // Bo mutes "Quiet corner" from its header.
  await openLiveRoom(page, `/rooms/${quiet}`);
  await page.getByRole("button", { name: "Mute", exact: true }).click();
  await expect(page.getByRole("button", { name: "Muted" })).toHaveAttribute("aria-pressed", "true");

  await ann.json("POST", `/api/rooms/${plain}/messages`, { body: "Just news" });
  await ann.json("POST", `/api/rooms/${mentioned}/messages`, { body: `@${boUser.name} can you look?` });
  await ann.json("POST", `/api/rooms/${quiet}/messages`, { body: "Chatter nobody needs" });
  await page.goto("/rooms");
  const row = (name: string) => page.getByTestId("room-list").getByRole("link", { name: new RegExp(name) });
  await expect(row("Plain news")).toContainText("1 unread");
  await expect(row("Plain news").locator("[data-news]")).toHaveCSS("font-weight", "700");
  await expect(row("Mentioned here").getByTestId("mention-badge")).toHaveText(/@1/);
  await expect(row("Plain news").getByTestId("mention-badge")).toHaveCount(0);
  await expect(row("Quiet corner")).toContainText("(muted)");
  await expect(row("Quiet corner").locator("p").first()).toHaveCSS("font-weight", "400");
  await expect(row("All read").locator("p").first()).toHaveCSS("font-weight", "400");
  void read;
  // A mention in the muted room is news after all.
  await ann.json("POST", `/api/rooms/${quiet}/messages`, { body: `@${boUser.name} except this` });
  await page.reload();
  await expect(row("Quiet corner").getByTestId("mention-badge")).toHaveText(/@1/);
  await expect(row("Quiet corner").locator("[data-news]")).toHaveCSS("font-weight", "700");
});

test("back in a tab that was hidden, a New line marks what arrived meanwhile", async ({ browser, baseURL }) => {
  const ann = new ParleyClient(baseURL as string);
  const bo = new ParleyClient(baseURL as string);
  await ann.signUp(uniqueUser("Ann"));
  await bo.signUp(uniqueUser("Bo"));
  const roomId = await sharedRoom(ann, bo, "Background");
  await ann.json("POST", `/api/rooms/${roomId}/messages`, { body: "seen before leaving" });
  const page = await (await signedInContext(browser, bo)).newPage();
  await page.goto(`/rooms/${roomId}`);
  await expect(page.getByText("seen before leaving")).toBeVisible();
  await expect(page.getByTestId("live-state")).toHaveText("● Live");

  await setVisibility(page, "hidden");
  await ann.json("POST", `/api/rooms/${roomId}/messages`, { body: "arrived while hidden" });
  await expect(page.getByText("arrived while hidden")).toBeAttached();
  await setVisibility(page, "visible");
  const divider = page.getByTestId("new-divider");
  await expect(divider).toBeVisible();
  await expect(divider.locator("xpath=following-sibling::li[1]")).toContainText("arrived while hidden");
});

test("mention alerts say so when the browser blocks notifications; a person active elsewhere shows online", async ({
  browser,
  baseURL,
}) => {
  const ann = new ParleyClient(baseURL as string);
  const bo = new ParleyClient(baseURL as string);
  await ann.signUp(uniqueUser("Ann"));
  const boUser = uniqueUser("Bo");
  await bo.signUp(boUser);
  const here = await sharedRoom(ann, bo, "Here");
  const elsewhere = await sharedRoom(ann, bo, "Elsewhere");

  // Bo is busy in another room.
  const boPage = await (await signedInContext(browser, bo)).newPage();
  await openLiveRoom(boPage, `/rooms/${elsewhere}`);

  const page = await (await signedInContext(browser, ann, WIDE)).newPage();
  await page.addInitScript(() => {
    // A browser that has blocked notifications for the site: the permission stays "denied".
    const blocked = Object.assign(() => {}, { permission: "denied", requestPermission: async () => "denied" });
    (window as unknown as { Notification: unknown }).Notification = blocked;
  });
  await page.goto(`/rooms/${here}`);
  await expect(page.getByTestId(`participant-${boUser.name}`).locator('[title="online"]')).toBeVisible();

  await page.getByRole("button", { name: /Mention alerts/ }).click();
  await expect(page.getByTestId("mention-alerts-blocked")).toContainText("blocks notifications");
  await expect(page.getByRole("button", { name: /Mention alerts/ })).toHaveAttribute("aria-pressed", "false");
});
