import type { Page } from "@playwright/test";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { connectAgent } from "../test/agents";
import { E2E_ADMIN, expect, signInThroughPage, test } from "./fixtures";

async function signInAsAdmin(page: Page, baseURL: string) {
  await new ParleyClient(baseURL).json("POST", "/api/auth/register", E2E_ADMIN); // 409 once it exists
  await signInThroughPage(page, E2E_ADMIN);
}

test("admin pages: the section shown is marked current, the rated reply is brought into view, ratings are icons, the chart has a legend and dates, System names rooms", async ({
  page,
  baseURL,
}) => {
  const person = new ParleyClient(baseURL as string);
  await person.signUp(uniqueUser("Long"));
  const roomName = `Long talk ${Date.now().toString(36)}`;
  const roomId = (await person.json("POST", "/api/rooms", { name: roomName })).body.room.id as string;
  const agent = await connectAgent(person, roomId, `Talker${Date.now().toString(36)}`);
  const say = (body: string) =>
    fetch(`${baseURL}/api/agent/rooms/${roomId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
      body: JSON.stringify({ body }),
    }).then((r) => r.json());
  for (let i = 0; i < 14; i++) await say(`Filler paragraph ${i}\n\n${"Lorem ipsum dolor sit amet. ".repeat(12)}`);
  const rated = await say("The rated reply, far down the conversation.");
  for (let i = 0; i < 3; i++) await say(`After ${i}`);
  await agent.mcp.close();
  await person.json("PUT", `/api/messages/${rated.message.id}/feedback`, { rating: "down", comment: "find me" });

  await signInAsAdmin(page, baseURL as string);
  await page.goto("/admin/feedback?q=find%20me");
  const nav = page.getByRole("navigation", { name: "Admin" });
  await expect(nav.getByRole("link", { name: "Feedback" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "System" })).not.toHaveAttribute("aria-current");
  const item = page.getByTestId("feedback-list").getByRole("link").first();
  await expect(item.getByRole("img", { name: "Rated down" })).toBeVisible();
  await expect(item.locator("svg")).toHaveCount(1);

  await item.click();
  // Still the Feedback section on an item's page.
  await expect(nav.getByRole("link", { name: "Feedback" })).toHaveAttribute("aria-current", "page");
  const highlighted = page.locator("[data-rated]");
  await expect(highlighted).toContainText("The rated reply");
  await expect(highlighted).toBeInViewport();
  await expect(highlighted).toBeFocused();
  await expect(page.getByTestId("conversation").getByText("Filler paragraph 0", { exact: true })).not.toBeInViewport();

  await nav.getByRole("link", { name: "Agents" }).click();
  await expect(nav.getByRole("link", { name: "Agents" })).toHaveAttribute("aria-current", "page");
  const card = page.getByTestId("agent-summaries").locator("li").filter({ hasText: "Talker" });
  await expect(card.getByTestId("chart-legend")).toContainText("Up");
  await expect(card.getByTestId("chart-legend")).toContainText("Down");
  await expect(card.getByTestId("chart-date")).toHaveCount(4);
  await expect(card.getByRole("img", { name: /Ratings per day, last 30 days: 0 up, 1 down/ })).toBeVisible();

  await person.json("POST", `/api/rooms/${roomId}/messages`, { body: "keep the room active" });
  await nav.getByRole("link", { name: "System" }).click();
  await expect(page.getByTestId("active-rooms")).toContainText(roomName);
});

test("webhooks: every field error at once, events picked for an existing webhook, and a test event from the page", async ({
  page,
  baseURL,
}) => {
  await signInAsAdmin(page, baseURL as string);
  await page.goto("/admin/webhooks");
  await page.getByLabel("Webhook URL").fill("not a url");
  await page.getByLabel("Signing secret").fill("short");
  await page.getByRole("checkbox", { name: "feedback.negative" }).uncheck();
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByTestId("webhook-url-error")).toBeVisible();
  await expect(page.getByTestId("webhook-secret-error")).toContainText("at least 16 characters");
  await expect(page.getByTestId("webhook-events-error")).toContainText("Pick at least one event");
  await expect(page.getByLabel("Webhook URL")).toHaveAttribute("aria-invalid", "true");

  // A public address that does not answer: the delivery is attempted and fails, which the log shows.
  const url = `https://93.184.216.34/hook-${Date.now().toString(36)}`;
  await page.getByLabel("Webhook URL").fill(url);
  await page.getByLabel("Signing secret").fill("whsec_0123456789abcdef");
  await page.getByRole("checkbox", { name: "message.created" }).check();
  await page.getByRole("button", { name: "Add webhook" }).click();
  const row = page.locator("li").filter({ hasText: url });
  await expect(row).toContainText("message.created");
  await expect(page.getByTestId("webhook-url-error")).toHaveCount(0);

  await row.getByRole("button", { name: "Events…" }).click();
  await row.getByRole("checkbox", { name: "metadata.updated" }).check();
  await row.getByRole("checkbox", { name: "message.created" }).uncheck();
  await row.getByRole("button", { name: "Save events" }).click();
  await expect(row.getByRole("button", { name: "Save events" })).toHaveCount(0);
  await expect(row).toContainText("metadata.updated");
  await expect(row).not.toContainText("message.created");

  await row.getByRole("button", { name: "Send test event" }).click();
  await expect(row.getByRole("status")).toContainText("Test event queued");
  await expect(row.getByRole("cell", { name: "webhook.test" })).toBeVisible();
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Delete" }).click();
  await expect(row).toHaveCount(0);
});
