import type { Page } from "@playwright/test";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { E2E_ADMIN, expect, openLiveRoom, signInThroughPage, test } from "./fixtures";

/**
 * Every event stream a page at `pathname` opens (EventSource requests), by URL. The Referer tells which
 * page opened one: the page shown before (after sign-in) may still be opening its own.
 */
function countStreams(page: Page, pathname: string): string[] {
  const streams: string[] = [];
  page.on("request", (request) => {
    const from = request.headers().referer;
    if (request.headers().accept?.includes("text/event-stream") && from && new URL(from).pathname === pathname)
      streams.push(request.url());
  });
  return streams;
}

test("an open room page follows the room and the activity across the person's rooms through one stream", async ({
  page,
  api,
}) => {
  const { client: alice } = await api(uniqueUser("Alice"));
  const bobUser = uniqueUser("Bob");
  const { client: bob } = await api(bobUser);
  const join = async (name: string) => {
    const roomId = (await alice.json("POST", "/api/rooms", { name })).body.room.id as string;
    const invite = await alice.json("POST", `/api/rooms/${roomId}/invites`);
    await bob.json("POST", `/api/invites/${invite.body.token}`);
    return roomId;
  };
  const open = await join("Open here");
  const elsewhere = await join("Elsewhere");

  await signInThroughPage(page, bobUser);
  const streams = countStreams(page, `/rooms/${open}`);
  await openLiveRoom(page, `/rooms/${open}`);

  await alice.json("POST", `/api/rooms/${open}/messages`, { body: "in this room" });
  await expect(page.getByTestId("message").last()).toContainText("in this room");
  await expect(page.getByTestId("rooms-activity")).toHaveCount(0);
  await alice.json("POST", `/api/rooms/${elsewhere}/messages`, { body: "in the other room" });
  await expect(page.getByTestId("rooms-activity")).toBeVisible();

  // SSE connections per open room page: 1, carrying both.
  expect(streams).toHaveLength(1);
  const url = new URL(streams[0]);
  expect(url.pathname).toBe("/api/events");
  expect(url.searchParams.get("room")).toBe(open);
  expect(url.searchParams.get("activity")).toBe("1");
});

test("the admin's system page follows the heartbeat and the activity through one stream", async ({ page, baseURL }) => {
  await new ParleyClient(baseURL as string).json("POST", "/api/auth/register", E2E_ADMIN); // 409 once it exists
  await signInThroughPage(page, E2E_ADMIN);
  const streams = countStreams(page, "/admin/system");
  await page.goto("/admin/system");
  await expect(page.getByTestId("stat-events")).toBeVisible();
  expect(streams).toHaveLength(1);
  const url = new URL(streams[0]);
  expect(url.pathname).toBe("/api/events");
  expect(url.searchParams.get("admin")).toBe("1");
  expect(url.searchParams.get("activity")).toBe("1");
});
