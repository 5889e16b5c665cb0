import { test as base, expect, type Page } from "@playwright/test";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import type { Step } from "../test/fake-anthropic";

export { E2E_ADMIN } from "./admin-account";
export { expect };

type Person = ReturnType<typeof uniqueUser>;

/** Signs a person up through the real sign-up page; leaves them on /rooms. */
export async function signUpThroughPage(page: Page, person: Person) {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/rooms$/);
  await expect(page.getByTestId("signed-in-as")).toContainText(person.name);
}

/** Signs in through the real sign-in page; waits until the app has taken the person in. */
export async function signInThroughPage(page: Page, person: { email: string; password: string }) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/rooms$/);
}

/** Opens a room's page and waits until it is live: by then it has hydrated, so its buttons act on a click. */
export async function openLiveRoom(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId("live-state")).toHaveText("● Live");
}

export const test = base.extend<{
  api: (person?: Person) => Promise<{ client: ParleyClient; person: Person }>;
  closeOwnContexts: undefined;
}>({
  // Contexts a test opened itself (a second person, a phone) end with it: left open, their streams and
  // timers would keep running through every later test and slow the whole run.
  closeOwnContexts: [
    async ({ browser }, use) => {
      await use(undefined);
      await Promise.all(browser.contexts().map((context) => context.close()));
    },
    { auto: true },
  ],
  api: async ({ baseURL }, use) => {
    await use(async (person = uniqueUser()) => {
      const client = new ParleyClient(baseURL as string);
      await client.signUp(person);
      return { client, person };
    });
  },
});

/** What the stand-in Messages API (started by the global setup) answers next. */
export async function scriptAnthropic(...steps: Step[]) {
  const res = await fetch(`${process.env.FAKE_ANTHROPIC_URL}/_script`, { method: "POST", body: JSON.stringify(steps) });
  expect(res.status).toBe(204);
}
