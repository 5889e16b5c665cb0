import { seedConversation, signedInContext } from "./conversation";
import { expect, test } from "./fixtures";

// The README's pictures, taken on every run so they always show the app as it is.
const DIR = "docs/screenshots";

test("screenshots of a room with a conversation: light, dark and on a phone", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const { client, roomId } = await seedConversation(baseURL as string);
  for (const shot of [
    { file: "room-light.png", options: { colorScheme: "light" as const, viewport: { width: 1280, height: 800 } } },
    { file: "room-dark.png", options: { colorScheme: "dark" as const, viewport: { width: 1280, height: 800 } } },
    {
      file: "room-phone.png",
      options: {
        colorScheme: "light" as const,
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      },
    },
  ]) {
    const context = await signedInContext(browser, client, shot.options);
    const page = await context.newPage();
    await page.goto(`/rooms/${roomId}`);
    await expect(page.getByTestId("message").filter({ hasText: "kick it off after lunch" })).toBeVisible();
    await expect(page.getByTestId("live-state")).toHaveText("● Live");
    // a steady picture: no caret, the list at rest
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: `${DIR}/${shot.file}`, animations: "disabled", caret: "hide" });
    await context.close();
  }
});
