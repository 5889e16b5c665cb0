import type { Page } from "@playwright/test";
import { uniqueUser } from "../scripts/lib/parley-client";
import { expect, signInThroughPage, signUpThroughPage, test } from "./fixtures";

async function send(page: Page, text: string) {
  await page.getByLabel("Message").fill(text);
  await page.getByLabel("Message").press("Enter");
}

const bodies = (page: Page) => page.getByTestId("message").locator(".prose-chat");

test("two people chat live, and a reader who drops offline gets every missed message once, in order", async ({
  browser,
}) => {
  const alice = await browser.newContext();
  const bob = await browser.newContext();
  const a = await alice.newPage();
  const b = await bob.newPage();
  await signUpThroughPage(a, uniqueUser("Alice"));
  await signUpThroughPage(b, uniqueUser("Bob"));

  // Alice creates a room and invites Bob with a link.
  await a.getByLabel("New room name").fill("Planning");
  await a.getByRole("button", { name: "Create room" }).click();
  await expect(a.getByTestId("room-name")).toHaveText("Planning");
  await expect(a.getByText("No messages yet")).toBeVisible();
  await a.getByRole("button", { name: "Invite" }).click();
  const link = await a.getByLabel("Invite link").inputValue();
  await b.goto(link);
  await b.getByRole("button", { name: /^Join/ }).click();
  await expect(b.getByTestId("room-name")).toHaveText("Planning");
  await expect(b.getByTestId("live-state")).toHaveText("● Live");
  await expect(a.getByTestId("participants")).toContainText("Bob");

  await send(a, "Hello **Bob**");
  await expect(bodies(b).last()).toHaveText("Hello Bob");
  await expect(b.locator("strong", { hasText: "Bob" })).toBeVisible();
  await send(b, "Hi Alice <script>window.pwned=1</script>");
  await expect(bodies(a).last()).toContainText("Hi Alice");
  expect(await a.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

  // Bob's connection is cut; Alice keeps talking.
  await bob.setOffline(true);
  await expect(b.getByTestId("connection-status")).toContainText("Reconnecting");
  for (let i = 1; i <= 5; i++) await send(a, `missed ${i}`);
  await expect(bodies(a).last()).toHaveText("missed 5");

  await bob.setOffline(false);
  await expect(b.getByTestId("live-state")).toHaveText("● Live", { timeout: 40_000 });
  await expect(bodies(b).last()).toHaveText("missed 5");
  const seen = await bodies(b).allTextContents();
  expect(seen.filter((t) => t.startsWith("missed"))).toEqual([
    "missed 1",
    "missed 2",
    "missed 3",
    "missed 4",
    "missed 5",
  ]);
  const seqs = await b
    .getByTestId("message")
    .evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-seq"))));
  expect(new Set(seqs).size).toBe(seqs.length);
  expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);

  await alice.close();
  await bob.close();
});

test("the rooms list follows new messages live", async ({ page, api }) => {
  const { client: alice } = await api(uniqueUser("Alice"));
  const bobUser = uniqueUser("Bob");
  const { client: bob } = await api(bobUser);
  const roomId = (await alice.json("POST", "/api/rooms", { name: "Live list" })).body.room.id as string;
  const invite = await alice.json("POST", `/api/rooms/${roomId}/invites`);
  await bob.json("POST", `/api/invites/${invite.body.token}`);

  await signInThroughPage(page, bobUser);
  const row = page.getByTestId("room-list").getByRole("link", { name: /Live list/ });
  await expect(row).toBeVisible();
  await expect(page.getByTestId("room-list")).toHaveAttribute("data-live", "true");
  await alice.json("POST", `/api/rooms/${roomId}/messages`, { body: "fresh news" });
  // Well before the list's 30 s refresh: pushed by the activity stream.
  await expect(row).toContainText("fresh news", { timeout: 15_000 });
  await expect(row).toContainText("unread");
});
