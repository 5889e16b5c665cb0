import type { Browser, Page } from "@playwright/test";
import { uniqueUser } from "../scripts/lib/parley-client";
import { expect, signUpThroughPage, test } from "./fixtures";

async function send(page: Page, text: string) {
  await page.getByLabel("Message").fill(text);
  await page.getByLabel("Message").press("Enter");
}

const message = (page: Page, text: string) => page.getByTestId("message").filter({ hasText: text });

/** Two people in one room: Alice created it, Bob joined through her invite; both pages are live. */
async function twoPeople(browser: Browser, roomName: string) {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  const alice = uniqueUser("Alice");
  const bob = uniqueUser("Bob");
  await signUpThroughPage(a, alice);
  await signUpThroughPage(b, bob);
  await a.getByLabel("New room name").fill(roomName);
  await a.getByRole("button", { name: "Create room" }).click();
  await a.getByRole("button", { name: "Invite" }).click();
  await b.goto(await a.getByLabel("Invite link").inputValue());
  await expect(b.getByTestId("live-state")).toHaveText("● Live");
  await expect(a.getByTestId("live-state")).toHaveText("● Live");
  return { a, b, alice, bob, roomUrl: a.url() };
}

test("@ opens an autocomplete of the room's people, driven by the keyboard; mentions are highlighted", async ({
  browser,
}) => {
  const { a, b } = await twoPeople(browser, "Mentions");
  const box = b.getByLabel("Message");
  await box.click();
  await box.pressSequentially("hey @");
  const list = b.getByRole("listbox", { name: "Mention someone" });
  await expect(list).toBeVisible();
  await expect(list.getByRole("option", { name: "Alice" })).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute(
    "aria-activedescendant",
    (await list.getByRole("option").first().getAttribute("id")) ?? "",
  );

  // Escape closes it without clearing the text; typing narrows it; Enter picks.
  await box.press("Escape");
  await expect(list).toHaveCount(0);
  await expect(box).toHaveValue("hey @");
  await box.press("Backspace");
  await box.pressSequentially("@al");
  await expect(list.getByRole("option")).toHaveCount(1);
  await box.press("ArrowDown");
  await box.press("Enter");
  await expect(list).toHaveCount(0);
  await expect(box).toHaveValue("hey @Alice ");
  await box.pressSequentially("lunch?");
  await box.press("Enter");

  // Alice sees the mention of her, strongly highlighted; Bob sees it highlighted as someone else's.
  await expect(message(a, "lunch?").getByTestId("mention-self")).toHaveText("@Alice");
  await expect(message(a, "lunch?")).toHaveAttribute("data-mentions-you", "true");
  await expect(message(b, "lunch?").getByTestId("mention")).toHaveText("@Alice");

  // Tab picks as well.
  await a.getByLabel("Message").pressSequentially("@B");
  await a.getByLabel("Message").press("Tab");
  await expect(a.getByLabel("Message")).toHaveValue("@Bob ");
  await a.screenshot({ path: "/tmp/reading-mentions.png" });
});
