import { callTool, connectAgent } from "../test/agents";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { expect, signInThroughPage, signUpThroughPage, test } from "./fixtures";

test("a metadata edit in one page, and one by an agent over MCP, appear in another open page without reload", async ({ browser, baseURL }) => {
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
  await expect(pavel.getByTestId("metadata-history")).toContainText("Triage (agent): set status");

  // A save based on an old version shows a conflict instead of overwriting.
  await olga.getByRole("button", { name: "Edit priority" }).click();
  await owner.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { priority: 1 } });
  await olga.getByLabel("Value of priority").fill("3");
  await olga.getByLabel("Value of priority").press("Enter");
  await expect(olga.getByTestId("metadata-error")).toContainText("Someone else saved first");
  await expect(olga.getByTestId("metadata-row-priority")).toContainText("1");
  await agent.mcp.close();
});
