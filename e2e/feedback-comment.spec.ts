import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { connectAgent } from "../test/agents";
import { expect, signInThroughPage, test } from "./fixtures";

test("the feedback comment grows with its text, Ctrl+Enter saves it, and leaving with an unsaved one asks first", async ({
  browser,
  baseURL,
}) => {
  const person = uniqueUser("Cora");
  const client = new ParleyClient(baseURL as string);
  await client.signUp(person);
  const roomId = (await client.json("POST", "/api/rooms", { name: "Shortcuts" })).body.room.id as string;
  const agent = await connectAgent(client, roomId, "Answerer");
  await fetch(`${baseURL}/api/agent/rooms/${roomId}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
    body: JSON.stringify({ body: "The answer is 41." }),
  });
  await agent.mcp.close();

  const page = await (await browser.newContext()).newPage();
  await signInThroughPage(page, person);
  await page.goto(`/rooms/${roomId}`);
  const reply = page.getByTestId("message").filter({ hasText: "The answer is 41." });
  await reply.hover();
  await reply.getByRole("button", { name: "Comment" }).click();
  const box = reply.getByLabel("Feedback comment");
  const before = (await box.boundingBox())?.height ?? 0;
  await box.fill("Off by one.\nIt is 42.\nCheck the sum again,\nplease.\nThanks.");
  await expect.poll(async () => (await box.boundingBox())?.height ?? 0).toBeGreaterThan(before + 20);

  await box.press("Control+Enter");
  await expect(box).toHaveCount(0);
  const saved = await client.json("GET", `/api/rooms/${roomId}/feedback`);
  expect(saved.body.feedback[0].comment).toBe("Off by one.\nIt is 42.\nCheck the sum again,\nplease.\nThanks.");

  // An unsaved change: following a link asks; staying keeps the text.
  await reply.hover();
  await reply.getByRole("button", { name: "Edit comment" }).click();
  await box.fill("Changed my mind");
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole("link", { name: "Agents", exact: true }).click();
  expect(asked).toContain("Leave without saving your feedback comment?");
  await expect(page).toHaveURL(new RegExp(`/rooms/${roomId}$`));
  await expect(box).toHaveValue("Changed my mind");

  // Meta+Enter (⌘ on a Mac) saves too.
  await box.press("Meta+Enter");
  await expect(box).toHaveCount(0);
  await expect
    .poll(async () => (await client.json("GET", `/api/rooms/${roomId}/feedback`)).body.feedback[0].comment)
    .toBe("Changed my mind");
  // Nothing unsaved any more: the link just goes.
  await page.getByRole("link", { name: "Agents", exact: true }).click();
  await expect(page).toHaveURL(/\/agents$/);
});
