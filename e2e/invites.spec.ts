import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { expect, signInThroughPage, test } from "./fixtures";

test("the invite page names the room and who invited; the owner sees open invites and revokes one after confirming", async ({
  browser,
  baseURL,
}) => {
  const owner = new ParleyClient(baseURL as string);
  const olga = uniqueUser("Olga");
  await owner.signUp(olga);
  const roomId = (await owner.json("POST", "/api/rooms", { name: "Launch plan" })).body.room.id as string;

  const page = await (await browser.newContext()).newPage();
  await signInThroughPage(page, olga);
  await page.goto(`/rooms/${roomId}`);
  const invites = page.getByTestId("invites");
  await expect(invites).toContainText("No open invite links.");

  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const url = await page.getByLabel("Invite link").inputValue();
  await expect(invites.getByTestId("invite-row")).toHaveCount(1);
  await expect(invites.getByTestId("invite-row")).toContainText("by Olga");

  // Someone without an account yet learns what the link is for.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(url);
  await expect(visitor.getByRole("heading")).toHaveText("Olga invited you to “Launch plan”");
  await expect(visitor.getByRole("link", { name: "Create an account" })).toBeVisible();

  // Revoking asks first: cancelling keeps the invite.
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await invites.getByRole("button", { name: /^Revoke the invite by Olga/ }).click();
  expect(asked).toContain("Revoke this invite link?");
  await expect(invites.getByTestId("invite-row")).toHaveCount(1);

  page.once("dialog", (dialog) => void dialog.accept());
  await invites.getByRole("button", { name: /^Revoke the invite by Olga/ }).click();
  await expect(invites).toContainText("No open invite links.");

  await visitor.reload();
  await expect(visitor.getByRole("heading")).toHaveText("Invite not usable");
  await expect(visitor.getByText(/not valid \(it may have been revoked\)/)).toBeVisible();
});

test("a member who is not the owner sees no invite list", async ({ browser, baseURL }) => {
  const owner = new ParleyClient(baseURL as string);
  await owner.signUp(uniqueUser("Owner"));
  const roomId = (await owner.json("POST", "/api/rooms", { name: "Members only" })).body.room.id as string;
  const invite = (await owner.json("POST", `/api/rooms/${roomId}/invites`)).body;
  const member = uniqueUser("Mia");
  const page = await (await browser.newContext()).newPage();
  const client = new ParleyClient(baseURL as string);
  await client.signUp(member);
  await signInThroughPage(page, member);
  await page.goto(invite.url.replace(/^https?:\/\/[^/]+/, ""));
  await page.getByRole("button", { name: "Join “Members only”" }).click();
  await expect(page.getByTestId("room-name")).toHaveText("Members only");
  await expect(page.getByTestId("live-state")).toHaveText("● Live");
  await expect(page.getByTestId("invites")).toHaveCount(0);
});
