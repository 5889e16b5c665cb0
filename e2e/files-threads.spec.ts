import type { Browser, Page } from "@playwright/test";
import sharp from "sharp";
import { type ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { signedInContext } from "./conversation";
import { expect, openLiveRoom, test } from "./fixtures";

const message = (page: Page, text: string) => page.getByTestId("message").filter({ hasText: text });

/** A page signed in as `client`'s person, open at the room. */
async function openRoom(browser: Browser, client: ParleyClient, roomId: string) {
  const page = await (await signedInContext(browser, client)).newPage();
  await openLiveRoom(page, `/rooms/${roomId}`);
  return page;
}

/** A room of `owner`'s that `member` joined by invite. */
async function sharedRoom(owner: ParleyClient, member: ParleyClient, name: string): Promise<string> {
  const roomId = (await owner.json("POST", "/api/rooms", { name })).body.room.id as string;
  const invite = await owner.json("POST", `/api/rooms/${roomId}/invites`);
  await member.json("POST", `/api/invites/${invite.body.token}`);
  return roomId;
}

test("an image pasted into the composer shows on the other person's page, and opens full size", async ({
  browser,
  api,
}) => {
  const alice = await api(uniqueUser("Alice"));
  const bob = await api(uniqueUser("Bob"));
  const roomId = await sharedRoom(alice.client, bob.client, "Screenshots");
  const a = await openRoom(browser, alice.client, roomId);
  const b = await openRoom(browser, bob.client, roomId);

  const image = (
    await sharp({ create: { width: 200, height: 120, channels: 3, background: "#22aa66" } })
      .png()
      .toBuffer()
  ).toString("base64");
  // A screenshot pasted from the clipboard.
  await a.getByLabel("Message").evaluate((box, data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const clipboard = new DataTransfer();
    clipboard.items.add(new File([bytes], "screenshot.png", { type: "image/png" }));
    box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: clipboard, bubbles: true, cancelable: true }));
  }, image);
  await expect(a.getByTestId("upload")).toHaveAttribute("data-status", "done");
  await a.getByLabel("Message").fill("the error");
  await a.getByLabel("Message").press("Enter");
  await expect(a.getByTestId("upload")).toHaveCount(0);

  const shown = message(b, "the error").getByTestId("attachment-image");
  await expect(shown).toBeVisible();
  await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(shown).toHaveAttribute("alt", "screenshot.png");
  const full = await b.request.get((await message(b, "the error").getByRole("link").getAttribute("href")) as string);
  expect(full.headers()["content-type"]).toBe("image/png");

  // A refused type says why, and sends nothing.
  await a.getByTestId("file-input").setInputFiles({
    name: "tool.exe",
    mimeType: "application/octet-stream",
    buffer: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]),
  });
  await expect(a.getByTestId("upload")).toHaveAttribute("data-status", "failed");
  await expect(a.getByTestId("upload").getByRole("alert")).toContainText("not accepted");
  await a.getByRole("button", { name: "Remove tool.exe" }).click();
  await expect(a.getByTestId("upload")).toHaveCount(0);
});

test("a file dropped on the composer arrives as a card with its name, size and type; one too large is refused at once; an upload can be cancelled", async ({
  browser,
  api,
}) => {
  const alice = await api(uniqueUser("Alice"));
  const bob = await api(uniqueUser("Bob"));
  const roomId = await sharedRoom(alice.client, bob.client, "Logs");
  const a = await openRoom(browser, alice.client, roomId);
  const b = await openRoom(browser, bob.client, roomId);

  // Dropped on the composer, as from the desktop.
  const drop = await a.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(["error: disk full\n".repeat(100)], "build.log", { type: "text/plain" }));
    return data;
  });
  await a.getByLabel("Message").dispatchEvent("drop", { dataTransfer: drop });
  await expect(a.getByTestId("upload")).toHaveAttribute("data-status", "done");
  await a.getByLabel("Message").fill("the build log");
  await a.getByLabel("Message").press("Enter");
  const card = message(b, "the build log").getByTestId("attachment-file");
  await expect(card).toContainText("build.log");
  await expect(card).toContainText("1.7 KB");
  await expect(card).toContainText(/text/i);

  // Past the server's limit (25 MB here): refused before a byte is sent.
  let uploads = 0;
  await a.route("**/attachments", (route) => {
    if (route.request().method() === "POST") uploads++;
    return route.continue();
  });
  await a
    .getByTestId("file-input")
    .setInputFiles({ name: "huge.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(26 * 1024 * 1024) });
  await expect(a.getByTestId("upload")).toHaveAttribute("data-status", "failed");
  await expect(a.getByTestId("upload").getByRole("alert")).toHaveText("Files are limited to 25 MB each");
  expect(uploads).toBe(0);
  await a.getByRole("button", { name: "Remove huge.bin" }).click();

  // An upload under way can be cancelled: the request is held here so that it is still going.
  await a.unroute("**/attachments");
  await a.route("**/attachments", () => {});
  await a
    .getByTestId("file-input")
    .setInputFiles({ name: "slow.txt", mimeType: "text/plain", buffer: Buffer.from("slow") });
  await expect(a.getByTestId("upload")).toHaveAttribute("data-status", "uploading");
  await a.getByRole("button", { name: "Cancel uploading slow.txt" }).click();
  await expect(a.getByTestId("upload")).toHaveCount(0);
});

test("a reply in a thread stays in the thread, and the root shows the count, who replied and what is new", async ({
  browser,
  api,
}) => {
  const alice = await api(uniqueUser("Alice"));
  const bob = await api(uniqueUser("Bob"));
  const roomId = await sharedRoom(alice.client, bob.client, "Threads");
  await alice.client.json("POST", `/api/rooms/${roomId}/messages`, { body: "Which release goes out Friday?" });
  const a = await openRoom(browser, alice.client, roomId);
  const b = await openRoom(browser, bob.client, roomId);

  await message(b, "Which release").hover();
  await message(b, "Which release")
    .getByRole("button", { name: /^Reply in thread/ })
    .click();
  const thread = b.getByTestId("thread-panel");
  await expect(thread).toBeVisible();
  await expect(thread.getByTestId("message").first()).toContainText("Which release goes out Friday?");
  await thread.getByLabel("Reply in thread").fill("2.4, after the tests");
  await thread.getByLabel("Reply in thread").press("Enter");
  await expect(thread.getByTestId("message").filter({ hasText: "2.4, after the tests" })).toBeVisible();
  await expect(thread.getByTestId("thread-count")).toHaveText("1 reply");

  // Alice's timeline: the root with its summary, not the reply itself.
  const summary = message(a, "Which release").getByTestId("thread-summary");
  await expect(summary.getByTestId("reply-count")).toHaveText("1 reply");
  await expect(summary).toContainText("Bob");
  await expect(summary.getByTestId("thread-unread")).toHaveText("1 new");
  await expect(message(a, "2.4, after the tests")).toHaveCount(0);

  await summary.click();
  await expect(
    a.getByTestId("thread-panel").getByTestId("message").filter({ hasText: "2.4, after the tests" }),
  ).toBeVisible();
  await expect(summary.getByTestId("thread-unread")).toHaveCount(0);

  // "Also send to the room": the reply shows in the timeline too, and the count follows live.
  const aThread = a.getByTestId("thread-panel");
  await aThread.getByLabel("Also send to the room").check();
  await aThread.getByLabel("Reply in thread").fill("Agreed: 2.4 it is");
  await aThread.getByLabel("Reply in thread").press("Enter");
  await expect(message(b, "Agreed: 2.4 it is").first()).toBeVisible();
  await expect(message(b, "Which release").getByTestId("reply-count")).toHaveText("2 replies");
});

test("a person starts a direct message from the room's people, and both find it in their own section", async ({
  browser,
  api,
}) => {
  const alice = await api(uniqueUser("Alice"));
  const bob = await api(uniqueUser("Bob"));
  const roomId = await sharedRoom(alice.client, bob.client, "Team room");
  const a = await openRoom(browser, alice.client, roomId);

  await a.getByRole("button", { name: "Start a direct chat with Bob" }).click();
  await expect(a).not.toHaveURL(new RegExp(roomId));
  await expect(a.getByTestId("room-name")).toHaveText("Bob");
  await a.getByLabel("Message").fill("Quick word?");
  await a.getByLabel("Message").press("Enter");
  await expect(message(a, "Quick word?")).toBeVisible();
  await expect(a.getByTestId("dm-list")).toContainText("Bob");

  const b = await (await signedInContext(browser, bob.client)).newPage();
  await b.goto("/rooms");
  await expect(b.getByTestId("dm-list")).toContainText("Alice");
  await expect(b.getByTestId("room-list")).not.toContainText("Alice");
  await b.getByTestId("dm-list").getByRole("link", { name: /Alice/ }).click();
  await expect(message(b, "Quick word?")).toBeVisible();
});

test("a direct message with an agent starts from the room's people and is named after it", async ({ browser, api }) => {
  const alice = await api(uniqueUser("Alice"));
  const roomId = (await alice.client.json("POST", "/api/rooms", { name: "With an agent" })).body.room.id as string;
  const agentId = (await alice.client.json("POST", "/api/agents", { name: "Scout" })).body.agent.id as string;
  await alice.client.json("POST", `/api/rooms/${roomId}/participants`, { agentId });
  const a = await openRoom(browser, alice.client, roomId);

  await a.getByRole("button", { name: "Start a direct chat with Scout" }).click();
  await expect(a.getByTestId("room-name")).toHaveText("Scout");
  await expect(a.getByTestId("dm-list")).toContainText("Scout");
  await expect(a.getByTestId("participants")).toContainText("Scout");
});

test("the owner removes a person, whose page loses the room at once", async ({ browser, api }) => {
  const alice = await api(uniqueUser("Alice"));
  const bob = await api(uniqueUser("Bob"));
  const roomId = await sharedRoom(alice.client, bob.client, "Moderated room");
  const a = await openRoom(browser, alice.client, roomId);
  const b = await openRoom(browser, bob.client, roomId);

  a.once("dialog", (dialog) => void dialog.accept());
  await a.getByRole("button", { name: "Remove Bob" }).click();
  await expect(b).toHaveURL(/\/rooms$/);
  await expect(b.getByTestId("room-list")).not.toContainText("Moderated room");
  await expect(a.getByTestId("participants")).not.toContainText("Bob");
});
