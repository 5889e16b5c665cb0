import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { callTool, connectAgent } from "../test/agents";
import { expect, openLiveRoom, signInThroughPage, signUpThroughPage, test } from "./fixtures";

test("a metadata edit in one page, and one by an agent over MCP, appear in another open page without reload", async ({
  browser,
  baseURL,
}) => {
  const owner = new ParleyClient(baseURL as string);
  const ownerUser = uniqueUser("Olga");
  await owner.signUp(ownerUser);
  const roomId = (await owner.json("POST", "/api/rooms", { name: "Ticket 42" })).body.room.id as string;
  await owner.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { status: "open" } });
  const invite = (await owner.json("POST", `/api/rooms/${roomId}/invites`)).body.url as string;

  const olga = await (await browser.newContext()).newPage();
  await signInThroughPage(olga, ownerUser);
  await olga.goto(`/rooms/${roomId}`);

  const pavel = await (await browser.newContext()).newPage();
  await signUpThroughPage(pavel, uniqueUser("Pavel"));
  await pavel.goto(invite);
  await pavel.getByRole("button", { name: /^Join/ }).click();
  await expect(pavel.getByTestId("room-name")).toHaveText("Ticket 42");
  await expect(pavel.getByTestId("live-state")).toHaveText("● Live");
  await expect(olga.getByTestId("live-state")).toHaveText("● Live");

  // Olga edits the value inline; Pavel's page follows.
  await olga.getByRole("button", { name: "Edit status" }).click();
  await olga.getByLabel("Value of status").fill("escalated");
  await olga.getByLabel("Value of status").press("Enter");
  await expect(olga.getByTestId("metadata-row-status")).toContainText("escalated");
  await expect(pavel.getByTestId("metadata-row-status")).toContainText("escalated");

  // Pavel adds a key from the panel.
  await pavel.getByLabel("New key").fill("priority");
  await pavel.getByLabel("New value").fill("2");
  await pavel.getByRole("button", { name: "Add key" }).click();
  await expect(olga.getByTestId("metadata-row-priority")).toContainText("2");

  // An agent updates it through MCP.
  const agent = await connectAgent(owner, roomId, "Triage");
  const result = await callTool(agent.mcp, "update_metadata", { room_id: roomId, set: { status: "resolved" } });
  expect(result.isError).toBe(false);
  await expect(pavel.getByTestId("metadata-row-status")).toContainText("resolved");
  await expect(olga.getByTestId("metadata-row-status")).toContainText("resolved");

  await pavel.getByRole("button", { name: "History" }).click();
  // History shows values, not only keys.
  await expect(pavel.getByTestId("metadata-history").locator("li").first()).toContainText("Triage (agent)");
  await expect(pavel.getByTestId("metadata-history").locator("li").first()).toContainText(
    "status: escalated → resolved",
  );

  await agent.mcp.close();
});

test("a conflicting metadata save keeps what the person typed and applies it on top on request; a live change to the key being edited is pointed out; a delete can be undone", async ({
  browser,
  baseURL,
}) => {
  const owner = new ParleyClient(baseURL as string);
  const ownerUser = uniqueUser("Olga");
  await owner.signUp(ownerUser);
  const roomId = (await owner.json("POST", "/api/rooms", { name: "Conflicts" })).body.room.id as string;
  await owner.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { priority: 2, status: "open" } });

  const page = await (await browser.newContext()).newPage();
  await signInThroughPage(page, ownerUser);
  await openLiveRoom(page, `/rooms/${roomId}`);

  // Someone else changes the key while it is being edited: the editor says so at once.
  await page.getByRole("button", { name: "Edit priority" }).click();
  await page.getByLabel("Value of priority").fill("3");
  await owner.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { priority: 1 } });
  await expect(page.getByTestId("metadata-changed-meanwhile")).toContainText("it is now 1");

  // Saving over it is a conflict: the typed value stays, theirs is shown, and mine goes on top on request.
  await page.getByLabel("Value of priority").press("Enter");
  // (the change came from the owner's other session: the conflict names who saved)
  await expect(page.getByTestId("metadata-conflict")).toContainText(`${ownerUser.name} saved first`);
  await expect(page.getByTestId("metadata-conflict")).toContainText("priority: now 1, yours 3");
  await expect(page.getByLabel("Value of priority")).toHaveValue("3");
  await page.getByRole("button", { name: "Apply mine on top" }).click();
  await expect(page.getByTestId("metadata-row-priority")).toContainText("3");
  await expect(page.getByTestId("metadata-conflict")).toHaveCount(0);
  expect((await owner.json("GET", `/api/rooms/${roomId}/metadata`)).body.metadata).toEqual({
    priority: 3,
    status: "open",
  });

  // A delete can be undone.
  await page.getByRole("button", { name: "Delete status" }).click();
  await expect(page.getByTestId("metadata-row-status")).toHaveCount(0);
  await page.getByTestId("metadata-undo").getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("metadata-row-status")).toContainText("open");
  expect((await owner.json("GET", `/api/rooms/${roomId}/metadata`)).body.metadata).toEqual({
    priority: 3,
    status: "open",
  });
});
