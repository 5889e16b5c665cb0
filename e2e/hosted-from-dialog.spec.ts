import type { Page } from "@playwright/test";
import { uniqueUser } from "../scripts/lib/parley-client";
import { expect, openLiveRoom, scriptAnthropic, signInThroughPage, signUpThroughPage, test } from "./fixtures";

async function send(page: Page, text: string) {
  await page.getByLabel("Message").fill(text);
  await page.getByLabel("Message").press("Enter");
}

const message = (page: Page, text: string) => page.getByTestId("message").filter({ hasText: text });

test("the README's one minute: Host with Claude, Start hosting with what is proposed, and @Claude answers", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signUpThroughPage(page, uniqueUser("Uma"));
  await page.getByLabel("New room name").fill("One minute");
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page.getByTestId("live-state")).toHaveText("● Live");
  await page.getByRole("button", { name: "Connect Claude…" }).click();
  const dialog = page.getByRole("dialog", { name: "Connect Claude to “One minute”" });
  await dialog.getByRole("button", { name: "Host with Claude" }).click();
  await expect(dialog.getByLabel("Model")).toHaveValue("claude-sonnet-5-5");
  await dialog.getByRole("button", { name: "Start hosting" }).click();
  await expect(dialog.getByTestId("hosting-started")).toContainText("Claude is hosted by Parley");
  await dialog.getByRole("button", { name: "Done" }).click();

  await scriptAnthropic({ kind: "text", text: "Hello, I am here." });
  await send(page, "@Claude are you there?");
  const reply = message(page, "Hello, I am here.");
  await expect(reply).toBeVisible({ timeout: 20_000 });
  await expect(reply.getByTestId("draft-reply")).toHaveCount(0, { timeout: 20_000 });
});

test("hosts Claude from the Connect Claude dialog with a model picked from the API's list, then asks it to answer again", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUpThroughPage(page, uniqueUser("Hana"));
  await page.getByLabel("New room name").fill("Hosted from the dialog");
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page.getByTestId("live-state")).toHaveText("● Live");

  await page.getByRole("button", { name: "Connect Claude…" }).click();
  const dialog = page.getByRole("dialog", { name: "Connect Claude to “Hosted from the dialog”" });
  await expect(dialog.getByRole("button", { name: "Run it in Claude Code or Desktop" })).toBeVisible();
  await dialog.getByRole("button", { name: "Host with Claude" }).click();

  // The list is what the API offers the key; the newest Sonnet is proposed, and another one is picked.
  const model = dialog.getByLabel("Model");
  await expect(model).toHaveValue("claude-sonnet-5-5");
  await expect(model.getByRole("option")).toContainText([
    "Claude Sonnet 5.5 · recommended",
    "Claude Opus 5.5",
    "Claude Haiku 5.5",
  ]);
  await model.selectOption({ label: "Claude Haiku 5.5" });
  await dialog.getByRole("button", { name: "Start hosting" }).click();
  await expect(dialog.getByTestId("hosting-started")).toContainText("Claude is hosted by Parley");
  // No token was issued: a hosted agent needs none.
  await expect(dialog.getByTestId("Claude Code command")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("participants")).toContainText("Claude");

  // Opened again on the hosted agent, the dialog shows its hosting and links to its settings.
  await page.getByRole("button", { name: "Connect Claude…" }).click();
  await dialog
    .getByLabel("Agent", { exact: true })
    .selectOption({ label: "Claude (yours, hosted by Parley, in this room)" });
  await expect(dialog.getByTestId("hosting-status")).toContainText("Parley hosts Claude (claude-haiku-5-5)");
  await expect(dialog.getByRole("link", { name: "Hosting settings" })).toHaveAttribute("href", /^\/agents#agent-/);
  await expect(dialog.getByRole("button", { name: "Run it in Claude Code or Desktop" })).toHaveCount(0);
  await page.keyboard.press("Escape");

  await scriptAnthropic(
    { kind: "text", text: "Forty-two." },
    { kind: "text", text: "Still forty-two, put another way." },
  );
  await send(page, "@Claude what is 6 × 7?");
  const first = message(page, "Forty-two.");
  await expect(first).toBeVisible({ timeout: 20_000 });
  await expect(first.getByTestId("draft-reply")).toHaveCount(0, { timeout: 20_000 });

  await first.hover();
  await first.getByRole("button", { name: /^Ask Claude to answer #\d+ again$/ }).click();
  const second = message(page, "Still forty-two, put another way.");
  await expect(second).toBeVisible({ timeout: 20_000 });
  await expect(second.getByTestId("answered-again")).toBeVisible();
  await expect(second.getByTestId("reply-quote")).toContainText("what is 6 × 7?");
  // The first answer stays.
  await expect(first).toBeVisible();
});

test("a key the API stops taking pauses the agent after one visible error, shown in the room and on the Agents page", async ({
  page,
  api,
}) => {
  test.setTimeout(120_000);
  const { client, person } = await api();
  const roomId = (await client.json("POST", "/api/rooms", { name: "Bad key" })).body.room.id;
  const agentId = (await client.json("POST", "/api/agents", { name: "Helper" })).body.agent.id;
  await client.json("POST", `/api/rooms/${roomId}/participants`, { agentId });
  expect((await client.json("PUT", `/api/agents/${agentId}/hosted`, { replyRule: "all" })).status).toBe(200);
  await signInThroughPage(page, person);
  await openLiveRoom(page, `/rooms/${roomId}`);

  await scriptAnthropic({ kind: "error", status: 401, type: "authentication_error", message: "invalid x-api-key" });
  await send(page, "hello, anyone?");
  const notice = page.getByTestId("message").filter({ has: page.getByTestId("agent-notice") });
  await expect(notice).toContainText("I couldn't answer: the Anthropic API refused the API key", { timeout: 20_000 });
  await expect(notice).toContainText("I'm paused until my owner fixes this on the Agents page.");
  await expect(notice.getByRole("button", { name: "Good reply" })).toHaveCount(0);
  await expect(page.getByTestId("participant-Helper").getByTestId("agent-paused")).toHaveText(
    "Paused: the Anthropic API refused the API key",
  );
  await expect(page.getByTestId("agent-working")).toHaveCount(0);

  // Paused, it stays quiet: one visible error, however much is said.
  await send(page, "still nothing?");
  await page.waitForTimeout(2000);
  await expect(page.getByTestId("message").filter({ hasText: "Helper" })).toHaveCount(1);

  await page.goto("/agents");
  const hosted = page.getByRole("region", { name: "Helper hosted by Parley" });
  await expect(hosted.getByTestId("hosted-summary")).toContainText("Paused by Parley");
  await expect(hosted.getByTestId("paused-reason")).toContainText("the Anthropic API refused the API key");
  await expect(hosted.getByRole("button", { name: "Resume" })).toBeVisible();
});
