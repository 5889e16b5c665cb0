import { uniqueUser } from "../scripts/lib/parley-client";
import { expect, test } from "./fixtures";

test("after too many failed sign-ins the form says to wait, and the right password is refused meanwhile", async ({
  page,
  api,
}) => {
  const { person } = await api(uniqueUser("Locked"));
  await page.goto("/signin");
  await page.getByLabel("Email").fill(person.email);
  // SIGNIN_ATTEMPTS_PER_ACCOUNT defaults to 10 per 15 minutes.
  const signIn = page.getByRole("button", { name: "Sign in" });
  for (let i = 0; i < 10; i++) {
    // The form resets when an attempt completes: fill it only once the previous attempt is over.
    await expect(signIn).toBeEnabled();
    await page.getByLabel("Password").fill(`wrong ${i}`);
    await signIn.click();
    await expect(page.getByText("Wrong email or password.")).toBeVisible();
  }
  await expect(signIn).toBeEnabled();
  await page.getByLabel("Password").fill(person.password);
  await signIn.click();
  await expect(page.getByText("Too many failed sign-ins. Wait a few minutes, then try again.")).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});
