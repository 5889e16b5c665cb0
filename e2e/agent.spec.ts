import { runAgentLoop } from "../scripts/lib/agent-loop";
import { uniqueUser } from "../scripts/lib/parley-client";
import { expect, signUpThroughPage, test } from "./fixtures";

test("a person connects an agent from the room page and its reference-agent answer appears live", async ({
  page,
  baseURL,
}) => {
  await signUpThroughPage(page, uniqueUser("Grace"));
  await page.getByLabel("New room name").fill("Ask the bot");
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page.getByTestId("live-state")).toHaveText("● Live");

  // The "Connect Claude" dialog creates the agent, adds it and shows the setup with a fresh token.
  await page.getByRole("button", { name: "Connect Claude…" }).click();
  await page.getByLabel("New agent name").fill("Echo");
  await page.getByRole("button", { name: "Run it in Claude Code or Desktop" }).click();
  const command = await page.getByTestId("Claude Code command").textContent();
  const token = command?.match(/Bearer (prl_[\w-]+)/)?.[1];
  expect(token).toBeTruthy();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("participants")).toContainText("Echo");
  await expect(page.getByTestId("participants").getByText("agent")).toBeVisible();

  const stop = new AbortController();
  const agent = runAgentLoop({ url: baseURL as string, token: token as string, signal: stop.signal, log: () => {} });
  try {
    await page.getByLabel("Message").fill("What is 6 × 7?");
    await page.getByLabel("Message").press("Enter");
    const reply = page.getByTestId("message").filter({ hasText: "Echo to Grace: What is 6 × 7?" });
    await expect(reply).toBeVisible({ timeout: 20_000 });
    await expect(reply.getByText("agent", { exact: true })).toBeVisible();
  } finally {
    stop.abort();
    await agent;
  }
});
