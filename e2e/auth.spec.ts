import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { expect, signUpThroughPage, test } from "./fixtures";

test("a new person signs up, stays signed in across a reload, signs out and back in", async ({ page }) => {
  const person = uniqueUser("Ada");
  await signUpThroughPage(page, person);

  await page.reload();
  await expect(page.getByTestId("signed-in-as")).toContainText("Ada");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);

  await page.goto("/rooms");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Frooms|\/signin\?callbackUrl=\/rooms/);

  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();

  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/rooms$/);
  await expect(page.getByTestId("signed-in-as")).toContainText("Ada");
});

test("sign-up shows field errors for bad input and a taken email", async ({ page, api }) => {
  const { person: taken } = await api();
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Bo");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters")).toBeVisible();

  await page.getByLabel("Email").fill(taken.email);
  await page.getByLabel("Password").fill("long enough password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("An account with this email already exists")).toBeVisible();
});

test("the account page changes the password, which signs out other devices, then signs out everywhere", async ({
  page,
  baseURL,
}) => {
  const person = uniqueUser("Cy");
  await signUpThroughPage(page, person);
  const elsewhere = new ParleyClient(baseURL as string);
  await elsewhere.signIn(person);

  await page.getByRole("link", { name: "Account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("session-count")).toContainText("2 devices");

  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This is not your current password")).toBeVisible();
  await page.getByLabel("Current password").fill(person.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("1 other session was signed out");
  expect((await elsewhere.json("GET", "/api/rooms")).status).toBe(401);

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/rooms");
  await expect(page).toHaveURL(/\/signin\?callbackUrl/);
});
