import type { Browser, Page } from "@playwright/test";
import { uniqueUser } from "../scripts/lib/parley-client";
import { expect, signUpThroughPage, test } from "./fixtures";

async function send(page: Page, text: string) {
  await page.getByLabel("Message").fill(text);
  await page.getByLabel("Message").press("Enter");
}

const message = (page: Page, text: string) => page.getByTestId("message").filter({ hasText: text });

/** Posts messages as the page's person through the API, waiting out the send rate limit (bursts of 30). */
function post(page: Page, bodies: string[]) {
  const roomId = new URL(page.url()).pathname.split("/").pop();
  return page.evaluate(
    async ({ roomId, bodies }) => {
      for (const body of bodies) {
        for (;;) {
          const res = await fetch(`/api/rooms/${roomId}/messages`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ body }),
          });
          if (res.status !== 429) break;
          await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 1) * 1000));
        }
      }
    },
    { roomId, bodies },
  );
}

/** Two people in one room: Alice created it, Bob joined through her invite; both pages are live. */
async function twoPeople(browser: Browser, roomName: string) {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  const alice = uniqueUser("Alice");
  const bob = uniqueUser("Bob");
  await signUpThroughPage(a, alice);
  await signUpThroughPage(b, bob);
  await a.getByLabel("New room name").fill(roomName);
  await a.getByRole("button", { name: "Create room" }).click();
  await a.getByRole("button", { name: "Invite" }).click();
  await b.goto(await a.getByLabel("Invite link").inputValue());
  await b.getByRole("button", { name: /^Join/ }).click();
  await expect(b.getByTestId("live-state")).toHaveText("● Live");
  await expect(a.getByTestId("live-state")).toHaveText("● Live");
  return { a, b, alice, bob, roomUrl: a.url() };
}

test("@ opens an autocomplete of the room's people, driven by the keyboard; mentions are highlighted", async ({
  browser,
}) => {
  const { a, b } = await twoPeople(browser, "Mentions");
  const box = b.getByLabel("Message");
  await box.click();
  await box.pressSequentially("hey @");
  const list = b.getByRole("listbox", { name: "Mention someone" });
  await expect(list).toBeVisible();
  await expect(list.getByRole("option", { name: "Alice" })).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute(
    "aria-activedescendant",
    (await list.getByRole("option").first().getAttribute("id")) ?? "",
  );

  // Escape closes it without clearing the text; typing narrows it; Enter picks.
  await box.press("Escape");
  await expect(list).toHaveCount(0);
  await expect(box).toHaveValue("hey @");
  await box.press("Backspace");
  await box.pressSequentially("@al");
  await expect(list.getByRole("option")).toHaveCount(1);
  await box.press("ArrowDown");
  await box.press("Enter");
  await expect(list).toHaveCount(0);
  await expect(box).toHaveValue("hey @Alice ");
  await box.pressSequentially("lunch?");
  await box.press("Enter");

  // Alice sees the mention of her, strongly highlighted; Bob sees it highlighted as someone else's.
  await expect(message(a, "lunch?").getByTestId("mention-self")).toHaveText("@Alice");
  await expect(message(a, "lunch?")).toHaveAttribute("data-mentions-you", "true");
  await expect(message(b, "lunch?").getByTestId("mention")).toHaveText("@Alice");

  // Tab picks as well.
  await a.getByLabel("Message").pressSequentially("@B");
  await a.getByLabel("Message").press("Tab");
  await expect(a.getByLabel("Message")).toHaveValue("@Bob ");
  await a.screenshot({ path: "/tmp/reading-mentions.png" });
});

test("the room opens at a New divider before what came while you were away", async ({ browser }) => {
  const { a, b, roomUrl } = await twoPeople(browser, "Away");
  await send(a, "before you left");
  // Bob's page tells the server he has read it (a second after it showed at the bottom).
  const seq = Number(await message(b, "before you left").getAttribute("data-seq"));
  const roomPath = new URL(roomUrl).pathname;
  await expect
    .poll(() => b.evaluate(async (path) => (await (await fetch(`/api${path}`)).json()).room.you.lastReadSeq, roomPath))
    .toBeGreaterThanOrEqual(seq);

  await b.goto("/rooms");
  for (const text of ["first while away", "second while away", "third while away"]) await send(a, text);
  await expect(message(a, "third while away")).toBeVisible();

  await b.goto(roomUrl);
  const divider = b.getByTestId("new-divider");
  await expect(divider).toBeVisible();
  await expect(divider.locator("xpath=following-sibling::li[1]")).toContainText("first while away");
  await expect(divider.locator("xpath=preceding-sibling::li[1]")).toContainText("before you left");
  // Alice wrote them all herself: no divider for her.
  await a.reload();
  await expect(message(a, "third while away")).toBeVisible();
  await expect(a.getByTestId("new-divider")).toHaveCount(0);
  await b.screenshot({ path: "/tmp/reading-divider.png" });
});

test("scrolled up or away, new messages are counted: a jump button, the tab title, a mention notification", async ({
  browser,
}) => {
  const { a, b } = await twoPeople(browser, "Busy room");
  // A stand-in for the browser's notifications, remembering the permission like a browser does.
  await b.addInitScript(() => {
    const w = window as unknown as { __notifications: string[]; Notification: unknown };
    w.__notifications = [];
    w.Notification = class {
      static permission = localStorage.getItem("test:permission") ?? "default";
      static async requestPermission() {
        localStorage.setItem("test:permission", "granted");
        (w.Notification as { permission: string }).permission = "granted";
        return "granted";
      }
      constructor(title: string) {
        w.__notifications.push(title);
      }
      close() {}
    };
  });
  await b.reload();
  await b.getByRole("button", { name: /Mention alerts/ }).click();
  await expect(b.getByRole("button", { name: /Mention alerts/ })).toHaveAttribute("aria-pressed", "true");
  await b.reload();
  await expect(b.getByRole("button", { name: /Mention alerts/ })).toHaveAttribute("aria-pressed", "true");
  await expect(b.getByTestId("live-state")).toHaveText("● Live");

  await post(
    a,
    Array.from({ length: 30 }, (_, i) => `filler ${i + 1}\n\nwith a second paragraph`),
  );
  await expect(message(b, "filler 30")).toBeVisible();
  await expect(b).toHaveTitle("Busy room · Parley");

  // Scrolled up: new messages are counted, and the button takes the reader down to them.
  // The list learns it is scrolled up from its scroll event: wait until that has run.
  await b.getByTestId("message-list").evaluate(async (el) => {
    el.scrollTop = 0;
    await new Promise((resolve) => el.addEventListener("scroll", resolve, { once: true }));
  });
  await post(a, ["news one", "news two"]);
  const jump = b.getByRole("button", { name: "2 new messages ↓" });
  await expect(jump).toBeVisible();
  await expect(b).toHaveTitle("(2) Busy room · Parley");
  await b.screenshot({ path: "/tmp/reading-new-messages.png" });
  await jump.click();
  await expect(jump).toHaveCount(0);
  await expect(message(b, "news two")).toBeInViewport();
  await expect(b).toHaveTitle("Busy room · Parley");

  // Away (the tab hidden): the title counts, and a mention of Bob notifies.
  await b.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await post(a, ["@Bob are you there?"]);
  await expect(b).toHaveTitle("(1) Busy room · Parley");
  await expect
    .poll(() => b.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications))
    .toEqual(["Alice mentioned you in Busy room"]);
  await b.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await expect(b).toHaveTitle("Busy room · Parley");
});

test("search finds a message in your rooms and opens the room at it, highlighted", async ({ browser }) => {
  // Two sign-ups and 60 messages rendered live on two pages: on a busy two-core machine more than a minute.
  test.setTimeout(120_000);
  const { a, b } = await twoPeople(browser, "Search room");
  // The match sits more than a page (50) from the newest message, so opening it needs the page around it.
  await post(a, [
    ...Array.from({ length: 5 }, (_, i) => `older chatter ${i + 1}`),
    "The quokka protocol ships on <b>Friday</b>",
    ...Array.from({ length: 24 }, (_, i) => `later chatter ${i + 1}`),
  ]);
  await post(
    b,
    Array.from({ length: 30 }, (_, i) => `later chatter ${i + 25}`),
  );
  await expect(message(b, "later chatter 54")).toBeVisible();

  await b.getByRole("searchbox", { name: "Search", exact: true }).fill("no-such-word-anywhere");
  await b.getByRole("searchbox", { name: "Search", exact: true }).press("Enter");
  await expect(b.getByText("No messages match “no-such-word-anywhere” in your rooms.")).toBeVisible();

  await b.getByRole("searchbox", { name: "Search", exact: true }).fill("quokka");
  await b.getByRole("searchbox", { name: "Search", exact: true }).press("Enter");
  const result = b.getByTestId("search-results").getByRole("link");
  await expect(result).toHaveCount(1);
  await expect(result).toContainText("Search room");
  await expect(result.locator("mark")).toHaveText("quokka");
  // The message's "<b>" never becomes markup (PostgreSQL's headline drops tags from the snippet).
  await expect(result).toContainText("Friday");
  await expect(result.locator("b")).toHaveCount(0);
  await b.screenshot({ path: "/tmp/reading-search.png" });

  await result.click();
  // The room opens at the message, the results still beside it.
  await expect(b).toHaveURL(/\/rooms\/[^/?]+\?around=\d+&q=quokka$/);
  const target = message(b, "The quokka protocol");
  await expect(target).toHaveAttribute("data-highlighted", "true");
  await expect(target).toBeInViewport();
  await expect(b.getByTestId("live-state")).toHaveText("● Live");
  // Both ways from it: older messages above, and everything after it up to the newest.
  await expect(message(b, "later chatter 54")).toHaveCount(1);
  await expect(message(b, "older chatter 5")).toHaveCount(1);
  await b.screenshot({ path: "/tmp/reading-around.png" });
});

test("reading: one name over a run of messages, days marked, line breaks kept, tables and code that scroll by keyboard", async ({
  browser,
}) => {
  const { a, b } = await twoPeople(browser, "Reading");
  const longLine = `const x = ${"1 + ".repeat(200)}1;`;
  await post(a, [
    "line one\nline two",
    "| name | role |\n| --- | --- |\n| Ada | owner |\n| Bob | member |",
    `\`\`\`ts\n${longLine}\n\`\`\``,
  ]);
  await expect(message(b, "const x")).toBeVisible();

  // Alice's run of messages shows her name once; the day is marked above the first message.
  await expect(b.getByTestId("date-separator").first()).toHaveText("Today");
  await expect(message(b, "line one")).not.toHaveAttribute("data-grouped");
  await expect(message(b, "Ada")).toHaveAttribute("data-grouped", "true");
  await expect(message(b, "line one").locator("br")).toHaveCount(1);
  await expect(b.getByRole("region", { name: "Table" }).getByRole("cell", { name: "owner" })).toBeVisible();

  const code = b.getByRole("region", { name: "Code block" });
  await code.focus();
  await expect(code).toBeFocused();
  await code.press("ArrowRight");
  await expect.poll(() => code.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await b.screenshot({ path: "/tmp/reading-polish.png" });
});
