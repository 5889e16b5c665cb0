import type { Page } from "@playwright/test";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { seedConversation, signedInContext } from "./conversation";
import { expect, test } from "./fixtures";

// Issue #28, "Writing and reading": sends that show themselves, ↑ to edit, times with their dates, paragraphs
// that keep their gap, highlighted code, actions that take no row of their own, and a phone header of one line.

const message = (page: Page, text: string) => page.getByTestId("message").filter({ hasText: text });
const PHONE = { width: 390, height: 844 };

/** A room with `count` short messages from its owner, through the API. */
async function roomWithHistory(baseURL: string, count: number) {
  const client = new ParleyClient(baseURL);
  await client.signUp(uniqueUser("Wren"));
  const roomId = (await client.json("POST", "/api/rooms", { name: "Long room" })).body.room.id as string;
  for (let i = 1; i <= count; i++)
    await client.json("POST", `/api/rooms/${roomId}/messages`, { body: `Earlier note ${i}` });
  return { client, roomId };
}

/** Whether the element's top edge is inside the message list's visible area. */
const topInView = (page: Page, text: string) =>
  message(page, text).evaluate((el) => {
    const list = el.closest('[data-testid="message-list"]') as HTMLElement;
    const [a, b] = [el.getBoundingClientRect(), list.getBoundingClientRect()];
    return a.top >= b.top - 1 && a.top < b.bottom;
  });

test("your own send comes into view: a long message from its start, a reply sent while scrolled up on a phone", async ({
  browser,
  baseURL,
}) => {
  const { client, roomId } = await roomWithHistory(baseURL as string, 25);
  const page = await (await signedInContext(browser, client, { viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`/rooms/${roomId}`);
  await expect(message(page, "Earlier note 25")).toBeVisible();
  const paragraphs = Array.from({ length: 8 }, (_, i) => `Paragraph ${i + 1} of the plan. `.repeat(6)).join("\n\n");
  await page.getByLabel("Message").fill(paragraphs);
  await page.getByLabel("Message").press("Enter");
  await expect(message(page, "Paragraph 8 of the plan")).toHaveAttribute("data-seq", /\d+/);
  await expect.poll(() => topInView(page, "Paragraph 1 of the plan")).toBe(true);
  await expect(message(page, "Paragraph 1 of the plan").getByText("Paragraph 2 of the plan")).toBeInViewport();

  const phone = await (await signedInContext(browser, client, { viewport: PHONE })).newPage();
  await phone.goto(`/rooms/${roomId}`);
  await expect(message(phone, "Paragraph 8")).toBeVisible();
  await phone.getByTestId("message-list").evaluate((el) => el.scrollTo(0, 0));
  await expect(message(phone, "Paragraph 8")).not.toBeInViewport();
  await phone.getByLabel("Message").fill("A reply sent from far up");
  await phone.getByLabel("Message").press("Enter");
  await expect(message(phone, "A reply sent from far up")).toHaveAttribute("data-seq", /\d+/);
  await expect(message(phone, "A reply sent from far up")).toBeInViewport();
});

test("↑ in an empty composer edits your last message, marked while it is edited; every time tells its date", async ({
  browser,
  baseURL,
}) => {
  const { client, roomId } = await seedConversation(baseURL as string);
  await client.json("POST", `/api/rooms/${roomId}/messages`, { body: "First of two in a row" });
  await client.json("POST", `/api/rooms/${roomId}/messages`, { body: "Second of two in a row" });
  await client.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { stage: "beta" } });
  const page = await (await signedInContext(browser, client, { viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`/rooms/${roomId}`);
  const second = message(page, "Second of two in a row");
  await expect(second).toBeVisible();

  await page.getByLabel("Message").press("ArrowUp");
  await expect(page.getByLabel("Message")).toHaveValue("Second of two in a row");
  await expect(second).toHaveAttribute("data-editing", "true");
  await expect(second).toContainText("Editing…");
  await page.getByLabel("Message").fill("Second of two, corrected");
  await page.getByLabel("Message").press("Enter");
  await expect(message(page, "Second of two, corrected")).toContainText("(edited)");
  await expect(page.locator("[data-editing]")).toHaveCount(0);

  // A grouped message shows its time on hover; every time has the full date, the year included, as its title.
  const grouped = message(page, "Second of two, corrected");
  await expect(grouped).toHaveAttribute("data-grouped", "true");
  await expect(grouped.getByTestId("grouped-time")).toHaveCSS("opacity", "0");
  await grouped.hover();
  await expect(grouped.getByTestId("grouped-time")).toHaveCSS("opacity", "1");
  const year = String(new Date().getFullYear());
  await expect(grouped.getByTestId("grouped-time").locator("time")).toHaveAttribute("title", new RegExp(year));
  await expect(message(page, "First of two in a row").locator("time").first()).toHaveAttribute(
    "title",
    new RegExp(year),
  );
  // The metadata history says which day, too.
  await page.getByRole("button", { name: "History" }).click();
  await expect(page.getByTestId("metadata-history").locator("time").first()).toContainText(year);
});

test("paragraphs keep their gap, code is labelled and highlighted, and a one-line message takes one line", async ({
  browser,
  baseURL,
}) => {
  const { client, roomId } = await seedConversation(baseURL as string);
  await client.json("POST", `/api/rooms/${roomId}/messages`, { body: "Top paragraph.\n\nBottom paragraph." });
  await client.json("POST", `/api/rooms/${roomId}/messages`, { body: "Just one line" });
  await client.json("POST", `/api/rooms/${roomId}/messages`, {
    body: "```ts\nconst answer: number = 42; // the answer\n```",
  });
  const page = await (await signedInContext(browser, client, { viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`/rooms/${roomId}`);

  const paragraphs = message(page, "Top paragraph").locator(".prose-chat p");
  await expect(paragraphs).toHaveCount(2);
  const [top, bottom] = [await paragraphs.nth(0).boundingBox(), await paragraphs.nth(1).boundingBox()];
  expect((bottom?.y ?? 0) - ((top?.y ?? 0) + (top?.height ?? 0))).toBeGreaterThanOrEqual(7);

  const code = message(page, "const answer");
  await expect(code.getByTestId("code-language")).toHaveText("ts");
  await expect(code.getByRole("region", { name: "Code block, ts" })).toBeVisible();
  await expect(code.locator(".hljs-keyword").first()).toHaveText("const");
  await expect(code.locator(".hljs-comment")).toHaveText("// the answer");

  // Actions float on hover instead of reserving a row: a one-line message under the one before is one line tall.
  const oneLine = message(page, "Just one line");
  await expect(oneLine).toHaveAttribute("data-grouped", "true");
  expect((await oneLine.boundingBox())?.height ?? 99).toBeLessThan(32);
  const plain = message(page, "Docs are done");
  await expect(plain.getByTestId("message-toolbar")).toHaveCSS("opacity", "0");
  await plain.hover();
  await expect(plain.getByTestId("message-toolbar")).toHaveCSS("opacity", "1");
  await expect(plain.getByRole("button", { name: /^Reply to #/ })).toBeVisible();
  await page.screenshot({ path: "test-results/writing-reading-desktop.png" });
});

test("on a phone, actions hide behind “…” with full-size targets, and the two headers take one line each", async ({
  browser,
  baseURL,
}) => {
  const { client, roomId } = await seedConversation(baseURL as string);
  const page = await (
    await signedInContext(browser, client, { viewport: PHONE, hasTouch: true, isMobile: true })
  ).newPage();
  await page.goto(`/rooms/${roomId}`);
  const docs = message(page, "Docs are done");
  await expect(docs).toBeVisible();
  await expect(docs.getByRole("button", { name: /^Reply to #/ })).toBeHidden();
  await docs.getByRole("button", { name: /^Actions for #/ }).tap();
  const reply = docs.getByRole("button", { name: /^Reply to #/ });
  await expect(reply).toBeVisible();
  for (const button of await docs.getByTestId("message-toolbar").getByRole("button").all()) {
    const target = await button.boundingBox();
    expect(target?.height ?? 0).toBeGreaterThanOrEqual(24);
    expect(target?.width ?? 0).toBeGreaterThanOrEqual(24);
  }
  await reply.tap();
  await expect(page.getByTestId("composer-context")).toContainText("Replying to");

  // The site's header and the room's header: one line each, well under a fifth of the screen together.
  const listTop = (await page.getByTestId("message-list").boundingBox())?.y ?? 999;
  expect(listTop).toBeLessThanOrEqual(120);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  // Metadata, from the room's "More" menu, opens the sheet at its own section, whatever loads above it.
  await page.getByRole("button", { name: "More" }).tap();
  await page.getByRole("button", { name: "Metadata" }).tap();
  const sheet = page.getByRole("dialog", { name: "Room details" });
  await expect(sheet.locator("#room-panel-metadata")).toBeInViewport();
  await page.waitForTimeout(500); // the invites and people panels load meanwhile
  const sectionTop = (await sheet.locator("#room-panel-metadata").boundingBox())?.y ?? 999;
  const sheetTop = (await sheet.boundingBox())?.y ?? 0;
  expect(sectionTop - sheetTop).toBeLessThan(80);
});
