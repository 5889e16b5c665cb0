import { seedConversation, signedInContext } from "./conversation";
import { expect, test } from "./fixtures";

// The README's pictures, taken on every run so they always show the app as it is.
const DIR = "docs/screenshots";

const PHONE = {
  colorScheme: "light" as const,
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

test("screenshots of a room with a conversation: light, dark, on a phone, and the phone's reaction picker", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const { client, roomId } = await seedConversation(baseURL as string);
  for (const shot of [
    { file: "room-light.png", options: { colorScheme: "light" as const, viewport: { width: 1280, height: 800 } } },
    { file: "room-dark.png", options: { colorScheme: "dark" as const, viewport: { width: 1280, height: 800 } } },
    { file: "room-phone.png", options: PHONE },
    { file: "reactions-phone.png", options: PHONE, picker: true },
  ]) {
    const context = await signedInContext(browser, client, shot.options);
    const page = await context.newPage();
    await page.goto(`/rooms/${roomId}`);
    await expect(page.getByTestId("message").filter({ hasText: "kick it off after lunch" })).toBeVisible();
    await expect(page.getByTestId("live-state")).toHaveText("● Live");
    // a steady picture: no caret, the list at rest
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    if ("picker" in shot) {
      // A message's actions behind its "…", then React: the picker opens as a sheet with recent emoji first.
      const docs = page.getByTestId("message").filter({ hasText: "Docs are done" });
      await docs.getByRole("button", { name: /^Actions for #/ }).tap();
      await docs.getByRole("button", { name: /^React to #/ }).tap();
      await page.getByLabel("Search emoji").fill("party");
      await expect(page.getByTestId("emoji-grid").getByRole("button").first()).toBeVisible();
    }
    await page.screenshot({ path: `${DIR}/${shot.file}`, animations: "disabled", caret: "hide" });
    await context.close();
  }
});
