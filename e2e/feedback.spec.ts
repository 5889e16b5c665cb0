import { readFile } from "node:fs/promises";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { connectAgent } from "../test/agents";
import { E2E_ADMIN, expect, openLiveRoom, signInThroughPage, test } from "./fixtures";

test("a person rates an agent reply with a comment; an admin finds it, reviews it in context and exports it", async ({
  browser,
  baseURL,
}) => {
  const person = uniqueUser("Rita");
  const client = new ParleyClient(baseURL as string);
  await client.signUp(person);
  const roomId = (await client.json("POST", "/api/rooms", { name: "Support" })).body.room.id as string;
  await client.json("POST", `/api/rooms/${roomId}/messages`, { body: "When was the Eiffel Tower built?" });
  const agent = await connectAgent(client, roomId, "Historian");
  await fetch(`${baseURL}/api/agent/rooms/${roomId}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
    body: JSON.stringify({
      body: "It was finished in 1999.",
      usage: { input_tokens: 50, output_tokens: 9, latency_ms: 400, model: "test" },
    }),
  });
  await agent.mcp.close();

  const rita = await (await browser.newContext()).newPage();
  await signInThroughPage(rita, person);
  await openLiveRoom(rita, `/rooms/${roomId}`);
  const reply = rita.getByTestId("message").filter({ hasText: "finished in 1999" });
  await reply.getByRole("button", { name: "Bad reply" }).click();
  await expect(reply.getByRole("button", { name: "Bad reply" })).toHaveAttribute("aria-pressed", "true");
  await reply.getByLabel("Feedback comment").fill('Wrong: it opened in 1889, a "classic", error');
  await reply.getByRole("button", { name: "Save" }).click();
  await expect(reply.getByLabel("Feedback comment")).toHaveCount(0);
  await rita.reload();
  await expect(
    rita.getByTestId("message").filter({ hasText: "finished in 1999" }).getByRole("button", { name: "Bad reply" }),
  ).toHaveAttribute("aria-pressed", "true");

  // The admin.
  await new ParleyClient(baseURL as string).json("POST", "/api/auth/register", E2E_ADMIN); // 409 once it exists
  const context = await browser.newContext({ acceptDownloads: true });
  const admin = await context.newPage();
  await signInThroughPage(admin, E2E_ADMIN);
  await admin.getByRole("link", { name: "Admin" }).click();
  await expect(admin.getByRole("heading", { name: "Feedback" })).toBeVisible();
  await admin.getByLabel("Rating").selectOption("down");
  await admin.getByLabel("Agent").selectOption({ label: "Historian" });
  await admin.getByLabel("Search comments").fill("1889");
  await admin.getByRole("button", { name: "Search" }).click();
  const item = admin.getByTestId("feedback-list").getByRole("link");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Wrong: it opened in 1889");

  await item.click();
  await expect(admin.getByTestId("conversation")).toContainText("When was the Eiffel Tower built?");
  await expect(admin.locator("[data-rated]")).toContainText("It was finished in 1999.");
  await admin.getByLabel("Admin note").fill("Fact-check tool added");
  await admin.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(admin.getByTestId("review-state")).toContainText("Reviewed");

  await admin.getByRole("link", { name: "← All feedback" }).click();
  await admin.getByLabel("Rating").selectOption("down");
  await admin.getByLabel("Review").selectOption("true");
  const download = admin.waitForEvent("download");
  await admin.getByRole("link", { name: "Export CSV" }).click();
  const csv = await readFile(await (await download).path(), "utf8");
  expect(csv.split("\r\n")[0]).toContain("id,created_at,rating,comment");
  expect(csv).toContain('"Wrong: it opened in 1889, a ""classic"", error"');
  expect(csv).toContain("Fact-check tool added");
  expect(csv).not.toContain(",up,");
});
