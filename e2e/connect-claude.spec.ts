import { uniqueUser } from "../scripts/lib/parley-client";
import { expect, signUpThroughPage, test } from "./fixtures";

test("Connect Claude opens as a dialog, twice in a row: the second time it proposes a free name or reuses the agent", async ({
  page,
}) => {
  await signUpThroughPage(page, uniqueUser("Ada"));
  await page.getByLabel("New room name").fill("Pairing");
  await page.getByRole("button", { name: "Create room" }).click();
  await expect(page.getByTestId("live-state")).toHaveText("● Live");

  const opener = page.getByRole("button", { name: "Connect Claude…" });
  const dialog = page.getByRole("dialog", { name: "Connect Claude to “Pairing”" });

  // Escape closes it and focus goes back to the button that opened it.
  await opener.click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("New agent name")).toHaveValue("Claude");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // First use: a new agent named Claude; the setup is wide enough to read.
  await opener.click();
  await dialog.getByRole("button", { name: "Run it in Claude Code or Desktop" }).click();
  await expect(dialog.getByTestId("Claude Code command")).toContainText("Bearer prl_");
  expect((await dialog.boundingBox())?.width).toBeGreaterThan(600);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("participants")).toContainText("Claude");

  // Second use: a free name is proposed; typing a taken one offers the existing agent instead.
  await opener.click();
  await expect(dialog.getByLabel("New agent name")).toHaveValue("Claude 2");
  await dialog.getByLabel("New agent name").fill("Claude");
  await expect(dialog.getByTestId("agent-name-taken")).toContainText("You already have an agent named “Claude”");
  await expect(dialog.getByRole("button", { name: "Run it in Claude Code or Desktop" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Use it" }).click();
  await expect(dialog.getByLabel("Agent", { exact: true })).toHaveValue(/.+/);
  await dialog.getByRole("button", { name: "Run it in Claude Code or Desktop" }).click();
  await expect(dialog.getByTestId("Claude Code command")).toContainText("Bearer prl_");
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Done" }).click();

  // A third time, a new agent with the proposed free name.
  await opener.click();
  await dialog.getByRole("button", { name: "Run it in Claude Code or Desktop" }).click();
  await expect(dialog.getByTestId("First prompt")).toContainText("You are Claude 2");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("participants")).toContainText("Claude 2");
});

test("revoking an agent token asks first; only a confirmed revoke takes effect", async ({ page }) => {
  await signUpThroughPage(page, uniqueUser("Rev"));
  await page.goto("/agents");
  await page.getByLabel("Agent name").fill("Helper");
  await page.getByRole("button", { name: "Create agent" }).click();
  await page.getByRole("button", { name: "New token" }).click();
  const revoke = page.getByRole("button", { name: /^Revoke token prl_/ });
  await expect(revoke).toBeVisible();

  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await revoke.click();
  expect(asked).toMatch(/Revoke the token prl_.* of Helper\?/);
  await expect(revoke).toBeVisible();
  await expect(page.getByText("revoked", { exact: true })).toHaveCount(0);

  page.once("dialog", (dialog) => void dialog.accept());
  await revoke.click();
  await expect(page.getByText("revoked", { exact: true })).toBeVisible();
  await expect(revoke).toHaveCount(0);
});

test("removing an agent from a room asks first", async ({ page }) => {
  await signUpThroughPage(page, uniqueUser("Rem"));
  await page.getByLabel("New room name").fill("Tidy");
  await page.getByRole("button", { name: "Create room" }).click();
  await page.getByRole("button", { name: "Connect Claude…" }).click();
  await page.getByRole("button", { name: "Run it in Claude Code or Desktop" }).click();
  await page.getByRole("button", { name: "Done" }).click();
  const participants = page.getByTestId("participants");
  await expect(participants).toContainText("Claude");

  page.once("dialog", (dialog) => void dialog.dismiss());
  await participants.getByRole("button", { name: "Remove Claude" }).click();
  await expect(participants.getByRole("button", { name: "Remove Claude" })).toBeVisible();

  page.once("dialog", (dialog) => void dialog.accept());
  await participants.getByRole("button", { name: "Remove Claude" }).click();
  await expect(participants).not.toContainText("Claude");
});
