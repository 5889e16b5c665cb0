import type { Page } from "@playwright/test";
import { uniqueUser } from "../scripts/lib/parley-client";
import { expect, signUpThroughPage, test } from "./fixtures";

async function send(page: Page, text: string) {
  await page.getByLabel("Message").fill(text);
  await page.getByLabel("Message").press("Enter");
}

const message = (page: Page, text: string) => page.getByTestId("message").filter({ hasText: text });

test("two people edit, delete, react and reply, live on both pages", async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signUpThroughPage(a, uniqueUser("Alice"));
  await signUpThroughPage(b, uniqueUser("Bob"));
  await a.getByLabel("New room name").fill("Actions");
  await a.getByRole("button", { name: "Create room" }).click();
  await a.getByRole("button", { name: "Invite" }).click();
  await b.goto(await a.getByLabel("Invite link").inputValue());
  await b.getByRole("button", { name: /^Join/ }).click();
  await expect(b.getByTestId("live-state")).toHaveText("● Live");

  await send(a, "Lunch at noon?");
  await expect(message(b, "Lunch at noon?")).toBeVisible();

  // Edit: the other page shows the new text, marked edited.
  await message(a, "Lunch at noon?").hover();
  await message(a, "Lunch at noon?")
    .getByRole("button", { name: /^Edit #/ })
    .click();
  await a.getByLabel("Message").fill("Lunch at one?");
  await a.getByLabel("Message").press("Enter");
  await expect(message(b, "Lunch at one?")).toContainText("(edited)");

  // React: Bob's 👍 shows on Alice's page with its count.
  await message(b, "Lunch at one?").hover();
  await message(b, "Lunch at one?")
    .getByRole("button", { name: /^React to #/ })
    .click();
  await b.getByRole("button", { name: /^React with 👍/ }).first().click();
  await expect(message(a, "Lunch at one?").getByRole("button", { name: "👍 1" })).toBeVisible();

  // Reply: the quote shows what it answers.
  await message(b, "Lunch at one?").hover();
  await message(b, "Lunch at one?")
    .getByRole("button", { name: /^Reply to #/ })
    .click();
  await send(b, "Works for me");
  await expect(message(a, "Works for me").getByTestId("reply-quote")).toContainText("Lunch at one?");

  // Delete: gone from both pages.
  await send(a, "oops, wrong room");
  await message(a, "oops, wrong room").hover();
  await message(a, "oops, wrong room")
    .getByRole("button", { name: /^Delete #/ })
    .click();
  await a.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(b.getByText("oops, wrong room")).toHaveCount(0);
  await expect(b.getByTestId("message").last()).toContainText("message deleted");

  await a.screenshot({ path: "/tmp/room-actions.png" });
});
