import type { Page } from "@playwright/test";
import { uniqueUser } from "../scripts/lib/parley-client";
import { seedConversation, signedInContext } from "./conversation";
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
  await a.getByLabel("Message").fill("Lunch at **one**?");
  await a.getByLabel("Message").press("Enter");
  await expect(message(b, "Lunch at one?")).toContainText("(edited)");

  // React: Bob's 👍 shows on Alice's page with its count.
  await message(b, "Lunch at one?").hover();
  await message(b, "Lunch at one?")
    .getByRole("button", { name: /^React to #/ })
    .click();
  await b
    .getByRole("button", { name: /^React with 👍/ })
    .first()
    .click();
  await expect(message(a, "Lunch at one?").getByRole("button", { name: "👍 1" })).toBeVisible();

  // Reply: the quote shows what it answers.
  await message(b, "Lunch at one?").hover();
  await message(b, "Lunch at one?")
    .getByRole("button", { name: /^Reply to #/ })
    .click();
  await expect(b.getByTestId("composer-context")).toContainText("Lunch at one?"); // as text, not Markdown
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

test("copies a message as its Markdown, and a code block as its code alone", async ({ browser, baseURL }) => {
  const { client } = await seedConversation(baseURL as string);
  const context = await signedInContext(browser, client, { permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await page.goto("/rooms");
  await page
    .getByRole("link", { name: /Launch plan/ })
    .first()
    .click();
  const answer = page.getByTestId("message").filter({ hasText: "Run it from the repo root" });
  await expect(answer).toBeVisible();
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  await answer.getByRole("button", { name: "Copy code" }).click();
  await expect.poll(clipboard).toBe("npm run bench -- --rooms 50 --duration 10m --report bench/thursday.json");

  await answer.hover();
  await answer.getByRole("button", { name: /^Copy #\d+ as Markdown$/ }).click();
  await expect(answer.getByRole("status").filter({ hasText: "Copied" })).toHaveCount(1);
  await expect.poll(clipboard).toBe(
    "Run it from the repo root:\n\n```sh\nnpm run bench -- --rooms 50 --duration 10m --report bench/thursday.json\n```",
  );
  await context.close();
});
