import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { signedInContext } from "./conversation";
import { expect, signUpThroughPage, test } from "./fixtures";

// Issue #28, "People, invites, account": a profile with a name, an email and initials, an invite that asks
// before joining, a sign-up form that keeps what was typed, an account page that asks first and stays
// current, and agents that can be added to rooms, renamed and deleted from their page.

test("a person changes their name and (with the password) their email; initials keep their colour", async ({
  browser,
  baseURL,
}) => {
  const client = new ParleyClient(baseURL as string);
  const person = uniqueUser("Pat");
  await client.signUp(person);
  const roomId = (await client.json("POST", "/api/rooms", { name: "Profile room" })).body.room.id as string;
  await client.json("POST", `/api/rooms/${roomId}/messages`, { body: "Hello from Pat" });
  const page = await (await signedInContext(browser, client)).newPage();
  await page.goto("/account");

  await page.getByLabel("Display name").fill("Patricia Stone");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Profile" }).getByTestId("avatar")).toHaveText("PS");

  const newEmail = `new-${person.email}`;
  await page.getByLabel("Email").fill(newEmail);
  await expect(page.getByLabel("Current password (to change your email)")).toBeVisible();
  await page.getByLabel("Current password (to change your email)").fill("wrong password");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("This is not your current password")).toBeVisible();
  await page.getByLabel("Current password (to change your email)").fill(person.password);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await new ParleyClient(baseURL as string).signIn({ email: newEmail, password: person.password });

  // The room shows the new name, with the same initials and colour as the account page.
  await page.goto(`/rooms/${roomId}`);
  const mine = page.getByTestId("message").filter({ hasText: "Hello from Pat" });
  await expect(mine).toContainText("Patricia Stone");
  const avatar = mine.getByTestId("avatar");
  await expect(avatar).toHaveText("PS");
  const colour = await avatar.evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.reload();
  await expect(page.getByTestId("message").filter({ hasText: "Hello from Pat" }).getByTestId("avatar")).toHaveCSS(
    "background-color",
    colour,
  );
});

test("a signed-in person opening an invite is asked to join; the header says copied only when it was", async ({
  browser,
  baseURL,
}) => {
  const owner = new ParleyClient(baseURL as string);
  await owner.signUp(uniqueUser("Olive"));
  const roomId = (await owner.json("POST", "/api/rooms", { name: "Book club" })).body.room.id as string;
  const guest = new ParleyClient(baseURL as string);
  await guest.signUp(uniqueUser("Gus"));

  const ownerContext = await signedInContext(browser, owner);
  const ownerPage = await ownerContext.newPage();
  await ownerPage.goto(`/rooms/${roomId}`);
  // A page may not write to the clipboard without the permission: no "copied" then.
  await ownerPage.evaluate(() => {
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: { writeText: () => Promise.reject(new Error("denied")) },
    });
  });
  await ownerPage.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(ownerPage.getByText("Copy this invite link:")).toBeVisible();
  await expect(ownerPage.getByText("Invite link (copied)")).toHaveCount(0);
  await ownerPage.evaluate(() => {
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: { writeText: () => Promise.resolve() },
    });
  });
  await ownerPage.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(ownerPage.getByText("Invite link (copied):")).toBeVisible();
  const link = await ownerPage.getByLabel("Invite link").inputValue();

  const page = await (await signedInContext(browser, guest)).newPage();
  await page.goto(link);
  await expect(page.getByRole("heading")).toHaveText("Join “Book club”");
  await expect(page.getByTestId("invite")).toContainText("Invited by Olive");
  expect((await guest.json("GET", `/api/rooms/${roomId}`)).status).toBe(404); // not joined by opening it
  await page.getByRole("button", { name: "Join “Book club”" }).click();
  await expect(page.getByTestId("room-name")).toHaveText("Book club");
  await page.goto(link);
  await expect(page.getByRole("heading")).toHaveText("You are already in “Book club”");
});

test("sign-up shows the password rule first and keeps the password after an error", async ({ page, api }) => {
  const { person: taken } = await api(uniqueUser("Taken"));
  await page.goto("/signup");
  await expect(page.getByText("At least 8 characters.")).toBeVisible();
  await page.getByLabel("Name").fill("Second");
  await page.getByLabel("Email").fill(taken.email);
  await page.getByLabel("Password").fill("long enough password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("An account with this email already exists")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveValue("long enough password");
  await page.getByLabel("Email").fill(uniqueUser("Fresh").email);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/rooms$/);
});

test("the account page asks before signing out everywhere and counts devices after a password change", async ({
  page,
  baseURL,
}) => {
  const person = uniqueUser("Cass");
  await signUpThroughPage(page, person);
  await new ParleyClient(baseURL as string).signIn(person);
  await page.goto("/account");
  await expect(page.getByTestId("session-count")).toContainText("2 devices");
  await page.getByLabel("Current password", { exact: true }).fill(person.password);
  await page.getByLabel("New password").fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("session-count")).toContainText("1 device or browser");

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("this one included");
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(page).toHaveURL(/\/account$/);

  // Confirmed, it ends this session too.
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin/);
});

test("from the agents page an agent joins a room, is renamed, and is deleted", async ({ browser, baseURL }) => {
  const client = new ParleyClient(baseURL as string);
  await client.signUp(uniqueUser("Ada"));
  const roomId = (await client.json("POST", "/api/rooms", { name: "Agent room" })).body.room.id as string;
  await client.json("POST", "/api/agents", { name: "Helper" });
  const page = await (await signedInContext(browser, client)).newPage();
  await page.goto("/agents");
  const card = page.getByTestId("agents").getByRole("listitem").filter({ hasText: "Helper" });
  await card.getByLabel("Add Helper to a room").selectOption({ label: "Agent room" });
  await card.getByRole("button", { name: "Add", exact: true }).click();
  await expect(card).toContainText("In Agent room");

  await card.getByRole("button", { name: "Rename" }).click();
  await card.getByLabel("New name").fill("Scribe");
  await card.getByRole("button", { name: "Save" }).click();
  const renamed = page.getByTestId("agents").getByRole("listitem").filter({ hasText: "Scribe" });
  await expect(renamed).toBeVisible();
  const participants = async () =>
    ((await client.json("GET", `/api/rooms/${roomId}`)).body.room.participants as { name: string }[]).map(
      (p) => p.name,
    );
  expect(await participants()).toContain("Scribe");

  await renamed.getByRole("button", { name: "Delete" }).click();
  await renamed.getByRole("button", { name: "Delete Scribe" }).click();
  await expect(page.getByTestId("agents").getByRole("listitem").filter({ hasText: "Scribe" })).toHaveCount(0);
  expect(await participants()).not.toContain("Scribe");
  // The name is free again.
  expect((await client.json("POST", "/api/agents", { name: "Scribe" })).status).toBe(201);
});
