import type { Page } from "@playwright/test";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { sharedRoom, signedInContext } from "./conversation";
import { expect, test } from "./fixtures";

// Issue #28, "Reactions and search": a picker with search, :shortcodes: and the keyboard, who reacted, and a
// search that finds parts of words, filters, shows clean snippets and opens beside the room.

const message = (page: Page, text: string) => page.getByTestId("message").filter({ hasText: text });

async function twoInARoom(baseURL: string, name: string) {
  const ann = new ParleyClient(baseURL);
  const bo = new ParleyClient(baseURL);
  const annUser = { ...uniqueUser("Ann"), name: "Ann Reyes" };
  const boUser = { ...uniqueUser("Bo"), name: "Bo Lind" };
  await ann.signUp(annUser);
  await bo.signUp(boUser);
  return { ann, bo, roomId: await sharedRoom(ann, bo, name) };
}

test("the reaction picker searches names and :shortcodes:, works from the keyboard, and says who reacted", async ({
  browser,
  baseURL,
}) => {
  const { ann, bo, roomId } = await twoInARoom(baseURL as string, "Reactions");
  const posted = (await bo.json("POST", `/api/rooms/${roomId}/messages`, { body: "We shipped it" })).body.message;
  await bo.json("PUT", `/api/messages/${posted.id}/reactions/${encodeURIComponent("👀")}`);
  const page = await (await signedInContext(browser, ann)).newPage();
  await page.goto(`/rooms/${roomId}`);
  const shipped = message(page, "We shipped it");
  await expect(shipped).toBeVisible();
  await expect(shipped.getByRole("button", { name: "👀 1" })).toHaveAttribute("title", /Bo Lind/);

  // From the keyboard: the list, the message, its React button.
  await page.getByLabel("Message").press("Shift+Tab");
  await expect(shipped).toBeFocused();
  const react = shipped.getByRole("button", { name: /^React to #/ });
  for (let i = 0; i < 6 && !(await react.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press("Tab");
  await expect(react).toBeFocused();
  await page.keyboard.press("Enter");
  const picker = page.getByRole("dialog", { name: "Pick a reaction" });
  await expect(picker.getByLabel("Search emoji")).toBeFocused();
  await page.keyboard.type("party");
  await expect(picker.getByRole("button", { name: /^React with 🎉/ })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  const cells = picker.getByTestId("emoji-grid").getByRole("button");
  await expect(cells.first()).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(picker).toHaveCount(0);
  await expect(react).toBeFocused();

  // :shortcode: search, arrows in the grid, Enter picks; the focus comes back to React.
  await page.keyboard.press("Enter");
  await page.keyboard.type(":rocket");
  await page.keyboard.press("ArrowDown");
  await expect(cells.first()).toHaveAccessibleName(/🚀/);
  await page.keyboard.press("Enter");
  await expect(picker).toHaveCount(0);
  await expect(react).toBeFocused();
  await expect(shipped.getByRole("button", { name: "🚀 1" })).toHaveAttribute("aria-pressed", "true");
  await expect(shipped.getByRole("button", { name: "🚀 1" })).toHaveAttribute("title", /you reacted/);

  // Browsing with the arrows moves between emoji.
  await react.click();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  await expect(cells.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(cells.nth(9)).toBeFocused();
  await page.keyboard.press("Escape");

  // In the composer, a :shortcode: becomes its emoji.
  const box = page.getByLabel("Message");
  await box.click();
  await box.pressSequentially("Ship it :tada:");
  await expect(box).toHaveValue("Ship it 🎉");
});

test("search finds parts of words, takes from: and in:, shows clean snippets with …, and opens beside the room", async ({
  browser,
  baseURL,
}) => {
  const { ann, bo, roomId } = await twoInARoom(baseURL as string, "Launch notes");
  const long = `${"Some context first. ".repeat(15)}The **Paragraph** about rollout. ${"More words after it. ".repeat(15)}`;
  await ann.json("POST", `/api/rooms/${roomId}/messages`, { body: long });
  await bo.json("POST", `/api/rooms/${roomId}/messages`, { body: "Paragraphs are Bo's thing" });
  for (let i = 1; i <= 20; i++) await ann.json("POST", `/api/rooms/${roomId}/messages`, { body: `filler ${i}` });

  const page = await (await signedInContext(browser, ann, { viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`/rooms/${roomId}`);
  await expect(message(page, "filler 20")).toBeVisible();
  await page.getByLabel("Search", { exact: true }).fill("paragr");
  await page.getByLabel("Search", { exact: true }).press("Enter");
  const panel = page.getByTestId("search-panel");
  await expect(panel).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/rooms/${roomId}\\?q=paragr$`));
  await expect(message(page, "filler 20")).toBeVisible(); // the room stays open beside the results
  const results = panel.getByTestId("search-results").getByRole("listitem");
  await expect(results).toHaveCount(2);
  const rollout = results.filter({ hasText: "rollout" });
  await expect(rollout).toContainText(/… .*Paragraph about rollout.* …/);
  await expect(rollout).not.toContainText("**");
  await expect(rollout.locator("mark")).toHaveText("Paragraph");

  // A result opens its message in the room, the results still beside it.
  await rollout.getByRole("link").click();
  await expect(page).toHaveURL(/around=\d+/);
  await expect(page.getByTestId("message").filter({ hasText: "about rollout" })).toHaveAttribute(
    "data-highlighted",
    "true",
  );
  await expect(panel).toBeVisible();

  await page.getByLabel("Search", { exact: true }).fill("paragr from:bo");
  await page.getByLabel("Search", { exact: true }).press("Enter");
  await expect(results).toHaveCount(1);
  await expect(results).toContainText("Paragraphs are Bo's thing");
  // Another room of Ann's speaks of paragraphs too: in: keeps to the room named.
  const other = (await ann.json("POST", "/api/rooms", { name: "Elsewhere" })).body.room.id as string;
  await ann.json("POST", `/api/rooms/${other}/messages`, { body: "A paragraph from elsewhere" });
  await page.getByLabel("Search", { exact: true }).fill("paragra");
  await page.getByLabel("Search", { exact: true }).press("Enter");
  await expect(results).toHaveCount(3);
  await page.getByLabel("Search", { exact: true }).fill("paragra in:launch");
  await page.getByLabel("Search", { exact: true }).press("Enter");
  await expect(results).toHaveCount(2);
  await expect(results.filter({ hasText: "from elsewhere" })).toHaveCount(0);
  await page.getByRole("button", { name: "Close search" }).click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId("room-panels")).toBeVisible();
});
