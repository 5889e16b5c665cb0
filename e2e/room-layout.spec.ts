import type { Page } from "@playwright/test";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { seedConversation, signedInContext } from "./conversation";
import { expect, test } from "./fixtures";

const message = (page: Page, text: string) => page.getByTestId("message").filter({ hasText: text });
const PHONE = { width: 390, height: 844 };

test("the composer has the focus when a room opens; messages are one Tab stop, walked with the arrows", async ({
  browser,
  baseURL,
}) => {
  const { client, roomId } = await seedConversation(baseURL as string);
  const page = await (await signedInContext(browser, client)).newPage();
  await page.goto(`/rooms/${roomId}`);
  const composer = page.getByLabel("Message");
  const latest = message(page, "kick it off after lunch");
  await expect(latest).toBeVisible();
  await expect(composer).toBeFocused();
  // A quote reads as text, not as the Markdown it was written in.
  await expect(latest.getByTestId("reply-quote")).toContainText("Launch is Thursday.");
  await expect(latest.getByTestId("reply-quote")).not.toContainText("**");

  // Back from the composer: the latest message, not the buttons of every message before it.
  await page.keyboard.press("Shift+Tab");
  await expect(latest).toBeFocused();
  await page.keyboard.press("ArrowUp");
  const code = message(page, "Run it from the repo root");
  await expect(code).toBeFocused();
  // Into that message: its reply quote, then its code's Copy button and the code block (a region that scrolls
  // by keyboard), then its actions.
  await page.keyboard.press("Tab");
  await expect(code.getByTestId("reply-quote")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(code.getByRole("button", { name: "Copy code" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(code.getByRole("region", { name: "Code block" })).toBeFocused();
  const reply = code.getByRole("button", { name: /^Reply to #/ });
  for (let i = 0; i < 4 && !(await reply.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
    expect(await code.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await expect(reply).toBeFocused();
  await expect(reply).toBeVisible();
  // Every other message's controls are out of the Tab order; the list is entered at the message left last.
  const tabbableElsewhere = await page
    .getByTestId("message-list")
    .evaluate(
      (list) =>
        [...list.querySelectorAll<HTMLElement>("a, button, [tabindex]")].filter(
          (el) => el.tabIndex >= 0 && !el.closest("li[data-testid='message']")?.contains(document.activeElement),
        ).length,
    );
  expect(tabbableElsewhere).toBe(0);
  await composer.focus();
  await page.keyboard.press("Shift+Tab");
  await expect(code).toBeFocused();
});

test("on a wide screen the rooms list sits beside the open room, the room marked and others' unread counted", async ({
  browser,
  baseURL,
}) => {
  const { client, other, roomId } = await seedConversation(baseURL as string);
  const second = (await client.json("POST", "/api/rooms", { name: "Side project" })).body.room.id as string;
  const { token } = (await client.json("POST", `/api/rooms/${second}/invites`)).body;
  await other.json("POST", `/api/invites/${token}`);
  await other.json("POST", `/api/rooms/${second}/messages`, { body: "One thing for later" });

  const page = await (await signedInContext(browser, client, { viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`/rooms/${roomId}`);
  const sidebar = page.getByTestId("rooms-sidebar");
  await expect(sidebar).toBeVisible();
  await expect(sidebar.getByRole("link", { name: /Launch plan/ })).toHaveAttribute("aria-current", "page");
  const side = sidebar.getByRole("link", { name: /Side project/ });
  await expect(side).toContainText(/\d+ unread/);
  await side.click();
  await expect(page).toHaveURL(new RegExp(`/rooms/${second}$`));
  await expect(page.getByTestId("room-name")).toHaveText("Side project");
  await expect(sidebar.getByRole("link", { name: /Side project/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: "Back to your rooms" })).toBeHidden();
});

test("at 390 px the room fills the screen; people, metadata and Connect Claude each open from the header", async ({
  browser,
  baseURL,
}) => {
  const { client, roomId } = await seedConversation(baseURL as string);
  const page = await (
    await signedInContext(browser, client, { viewport: PHONE, hasTouch: true, isMobile: true })
  ).newPage();
  await page.goto(`/rooms/${roomId}`);
  await expect(message(page, "kick it off after lunch")).toBeVisible();
  await expect(page.getByTestId("rooms-sidebar")).toBeHidden();
  await expect(page.getByTestId("room-panels")).toBeHidden();
  // Nothing is wider than the screen, the composer's hint included.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expect(page.getByRole("button", { name: "Send" })).toBeInViewport();

  for (const [button, section, shows] of [
    ["People (3)", "#room-panel-participants", "Claude"],
    ["Metadata", "#room-panel-metadata", "metadata"],
    ["Connect Claude", "#room-panel-connect", "Connect Claude"],
  ] as const) {
    // People stays in the header's row; the other panels are in its "More" menu.
    if (button !== "People (3)") await page.getByRole("button", { name: "More" }).tap();
    await page.getByRole("button", { name: button }).tap();
    const sheet = page.getByRole("dialog", { name: "Room details" });
    await expect(sheet).toBeVisible();
    await expect(sheet.locator(section)).toBeInViewport();
    await expect(sheet.locator(section)).toContainText(shows, { ignoreCase: true });
    await expect(sheet.locator(section)).toBeFocused();
    await sheet.getByRole("button", { name: "Close" }).tap();
    await expect(sheet).toBeHidden();
  }
  // Escape closes it too, and the focus goes back to the button that opened it.
  const people = page.getByRole("button", { name: "People (3)" });
  await people.click();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(people).toBeFocused();

  // The way back to the list.
  await page.getByRole("link", { name: "Back to your rooms" }).tap();
  await expect(page).toHaveURL(/\/rooms$/);
});

test("at 390 px the admin navigation wraps instead of widening the page", async ({ browser, baseURL }) => {
  const admin = new ParleyClient(baseURL as string);
  const { E2E_ADMIN } = await import("./admin-account");
  await admin.json("POST", "/api/auth/register", E2E_ADMIN);
  await admin.signIn(E2E_ADMIN);
  const page = await (await signedInContext(browser, admin, { viewport: PHONE })).newPage();
  await page.goto("/admin/feedback");
  const nav = page.getByRole("navigation", { name: "Admin sections" });
  await expect(nav).toBeVisible();
  expect(await nav.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeInViewport();
  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
});

test("a reply's quote opens its original even when it is far back, not loaded, and highlights it", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000); // 72 sends, most of them paced by the send rate limit
  const client = new ParleyClient(baseURL as string);
  await client.signUp(uniqueUser("Quinn"));
  const roomId = (await client.json("POST", "/api/rooms", { name: "Long history" })).body.room.id as string;
  // Sends, waiting out the send rate limit.
  const post = async (body: string, replyToSeq?: number): Promise<{ seq: number }> => {
    for (;;) {
      const res = await client.json("POST", `/api/rooms/${roomId}/messages`, {
        body,
        ...(replyToSeq && { replyToSeq }),
      });
      if (res.status !== 429) return res.body.message;
      await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 1) * 1000));
    }
  };
  const original = await post("The very first decision");
  for (let i = 1; i <= 70; i++) await post(`filler ${i}`);
  await post("Back to that decision", original.seq);

  const page = await (await signedInContext(browser, client)).newPage();
  await page.goto(`/rooms/${roomId}`);
  const reply = message(page, "Back to that decision");
  await expect(reply).toBeVisible();
  await expect(message(page, "The very first decision")).toHaveCount(0);
  await reply.getByTestId("reply-quote").click();
  await expect(page).toHaveURL(new RegExp(`around=${original.seq}`));
  const found = page.locator(`[data-testid="message"][data-seq="${original.seq}"]`);
  await expect(found).toBeInViewport();
  await expect(found).toHaveAttribute("data-highlighted", "true");

  // From there, a quote whose original is on the page scrolls to it and highlights it without leaving.
  await page.goto(`/rooms/${roomId}`);
  await reply.scrollIntoViewIfNeeded();
  const fillerSeq = Number(await message(page, "filler 60").getAttribute("data-seq"));
  const filler = page.locator(`[data-testid="message"][data-seq="${fillerSeq}"]`);
  await post("About filler sixty", fillerSeq);
  const near = message(page, "About filler sixty");
  await near.getByTestId("reply-quote").click();
  await expect(filler).toBeFocused();
  await expect(filler).toHaveAttribute("data-highlighted", "true");
  await expect(page).not.toHaveURL(/around=/);
});

test("dark mode follows the system, a choice overrides it and is remembered, and the first paint has the theme", async ({
  browser,
  baseURL,
}) => {
  const client = new ParleyClient(baseURL as string);
  await client.signUp(uniqueUser("Dana"));
  const context = await signedInContext(browser, client, { colorScheme: "dark" });
  // Records the theme <html> has when <body> first appears, before any React code has run.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.body) return;
      (window as unknown as { firstPaintTheme?: string }).firstPaintTheme = document.documentElement.dataset.theme;
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  // Relative luminance (0 black … 1 white) of a computed colour, whatever notation the browser reports it in.
  const luminance = (selector: string, property: "backgroundColor" | "color") =>
    page.evaluate(
      ({ selector, property }) => {
        const ctx = document.createElement("canvas").getContext("2d") as CanvasRenderingContext2D;
        ctx.fillStyle = getComputedStyle(document.querySelector(selector) as Element)[property];
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b] = [...ctx.getImageData(0, 0, 1, 1).data].map((c) => {
          const v = c / 255;
          return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      },
      { selector, property },
    );
  const background = () => luminance("body", "backgroundColor");
  const text = () => luminance("h1", "color");
  const firstPaint = () => page.evaluate(() => (window as unknown as { firstPaintTheme?: string }).firstPaintTheme);

  await page.goto("/rooms");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await firstPaint()).toBe("dark");
  expect(await background()).toBeLessThan(0.02);
  expect(await text()).toBeGreaterThan(0.9);

  await page.getByLabel("Theme").selectOption("light");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await background()).toBeGreaterThan(0.9);
  expect(await text()).toBeLessThan(0.05);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await firstPaint()).toBe("light");
  await expect(page.getByLabel("Theme")).toHaveValue("light");

  // Back to the system's setting, which then changes.
  await page.getByLabel("Theme").selectOption("system");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await context.close();
});
