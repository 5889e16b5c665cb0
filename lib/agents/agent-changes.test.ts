import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { type AppServer, startAppServer } from "@/test/app-server";

// An agent's owner renames or deletes it from the agents page.
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app?.stop());

async function owner() {
  const client = new ParleyClient(app.url);
  await client.signUp(uniqueUser("Owner"));
  return client;
}

describe("agent changes", () => {
  it("renames (never onto another of yours), and deletes: out of its rooms, its token refused, its name free", async () => {
    const me = await owner();
    const roomId = (await me.json("POST", "/api/rooms", { name: "Agents at work" })).body.room.id as string;
    const agentId = (await me.json("POST", "/api/agents", { name: "Scout" })).body.agent.id as string;
    await me.json("POST", "/api/agents", { name: "Other" });
    const { token } = (await me.json("POST", `/api/agents/${agentId}/tokens`)).body;
    await me.json("POST", `/api/rooms/${roomId}/participants`, { agentId });
    const asAgent = (path: string) => fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await asAgent(`/api/agent/rooms/${roomId}/metadata`)).status).toBe(200);

    expect((await me.json("PATCH", `/api/agents/${agentId}`, { name: "Other" })).status).toBe(409);
    expect(
      (await me.json("PATCH", `/api/agents/${agentId}`, { name: "Ranger", description: "Looks ahead" })).body.agent,
    ).toMatchObject({
      name: "Ranger",
      description: "Looks ahead",
    });
    const names = async () =>
      ((await me.json("GET", `/api/rooms/${roomId}`)).body.room.participants as { name: string }[]).map((p) => p.name);
    expect(await names()).toContain("Ranger");

    // Someone else's agent does not exist for them.
    const stranger = await owner();
    expect((await stranger.json("PATCH", `/api/agents/${agentId}`, { name: "Mine" })).status).toBe(404);
    expect((await stranger.json("DELETE", `/api/agents/${agentId}`)).status).toBe(404);

    expect((await me.json("DELETE", `/api/agents/${agentId}`)).status).toBe(204);
    expect(await names()).not.toContain("Ranger");
    expect((await asAgent(`/api/agent/rooms/${roomId}/metadata`)).status).toBe(401);
    expect(((await me.json("GET", "/api/agents")).body.agents as { name: string }[]).map((a) => a.name)).toEqual([
      "Other",
    ]);
    const messages = (await me.json("GET", `/api/rooms/${roomId}/messages`)).body.messages as { body: string }[];
    expect(messages.at(-1)?.body).toBe("Ranger was removed");
    expect((await me.json("POST", "/api/agents", { name: "Ranger" })).status).toBe(201);
    expect((await me.json("DELETE", `/api/agents/${agentId}`)).status).toBe(404);
  });
});
