import { expect, scriptAnthropic, signInThroughPage, test } from "./fixtures";

test("an owner makes an agent hosted, mentions it, watches the reply stream in, and stops the next one", async ({
  page,
  api,
}) => {
  // Two replies streamed in real time on a shared machine: more than the default minute.
  test.setTimeout(150_000);
  const { client, person } = await api();
  const roomId = (await client.json("POST", "/api/rooms", { name: "Ask Sonnet" })).body.room.id;
  const agentId = (await client.json("POST", "/api/agents", { name: "Sonnet" })).body.agent.id;
  await client.json("POST", `/api/rooms/${roomId}/participants`, { agentId });
  await signInThroughPage(page, person);

  await page.goto("/agents");
  const hosted = page.getByRole("region", { name: "Sonnet hosted by Parley" });
  await hosted.getByRole("button", { name: "Host with Claude" }).click();
  // The models come from the API: the newest Sonnet is proposed; any other listed one can be picked.
  await expect(hosted.getByLabel("Model")).toHaveValue("claude-sonnet-5-5");
  await hosted.getByLabel("Model").selectOption("claude-test");
  await hosted.getByLabel("System prompt").fill("You are terse.");
  await hosted.getByLabel("Daily token budget").fill("100000");
  await hosted.getByRole("button", { name: "Save" }).click();
  await expect(hosted.getByTestId("hosted-summary")).toContainText("Hosted by Parley");
  await expect(hosted.getByTestId("hosted-summary")).toContainText("answers @mentions");
  await expect(hosted.getByTestId("hosted-summary")).toContainText("the server's API key");

  await page.goto(`/rooms/${roomId}`);
  const streamed = "Forty-two is the answer, and here it comes one word at a time.";
  await scriptAnthropic({ kind: "text", text: streamed, chunkDelayMs: 100, holdAfterFirstMs: 5000 });
  await page.getByLabel("Message").fill("@Sonnet what is 6 × 7?");
  await page.getByLabel("Message").press("Enter");

  // The reply grows in place while "Sonnet is writing…", then stands on its own.
  const reply = page.getByTestId("message").filter({ hasText: "Forty-two" });
  await expect(reply.getByTestId("draft-reply")).toContainText("Sonnet is writing…", { timeout: 20_000 });
  await expect(reply.getByRole("paragraph")).toHaveText("Forty-two"); // mid-stream: the first chunk alone
  await expect(reply).toContainText(streamed, { timeout: 20_000 });
  await expect(reply.getByTestId("draft-reply")).toHaveCount(0);

  // Stop keeps what was written.
  const long = Array.from({ length: 80 }, (_, i) => `part${i}`).join(" ");
  await scriptAnthropic({ kind: "text", text: long, chunkDelayMs: 200 });
  await page.getByLabel("Message").fill("@Sonnet tell me everything");
  await page.getByLabel("Message").press("Enter");
  const stopped = page.getByTestId("message").filter({ hasText: "part3" });
  await stopped.getByRole("button", { name: "Stop" }).click();
  await expect(stopped.getByTestId("draft-reply")).toHaveCount(0, { timeout: 10_000 });
  await expect(stopped).not.toContainText("part79");
  const kept = await stopped.textContent();
  await page.waitForTimeout(1500);
  expect(await stopped.textContent()).toBe(kept);
});
