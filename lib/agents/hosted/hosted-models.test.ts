import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "@/test/app-server";
import type { FakeAnthropic } from "@/test/fake-anthropic";
import { startHostedServer } from "@/test/hosted";
import { roomWith, signedUpPerson } from "@/test/people";

// Models from the API, not from memory: the list, the default, and the checks when saving.
let app: AppServer;
let fake: FakeAnthropic;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ app, fake, stop } = await startHostedServer({ HOSTED_AGENT_MAX_RETRIES: "0" }));
});
afterAll(async () => {
  await stop?.();
});

async function ownerWithAgent() {
  const ann = await signedUpPerson(app.url, "Ann");
  const roomId = await roomWith(ann, "models");
  const agentId = (await ann.json("POST", "/api/agents", { name: "Claude" })).body.agent.id as string;
  await ann.json("POST", `/api/rooms/${roomId}/participants`, { agentId });
  return { ann, hosted: `/api/agents/${agentId}/hosted` };
}

describe("the models a hosted agent may use", () => {
  it("come from the API's list, every page of it, newest first; the default is the newest active Sonnet", async () => {
    const { ann, hosted } = await ownerWithAgent();
    fake.pageSize = 2;
    const before = fake.modelListRequests;
    const res = await ann.json("GET", `${hosted}/models`);
    fake.pageSize = 20;
    expect(res.status).toBe(200);
    expect(fake.modelListRequests - before).toBe(3); // five models, two a page
    expect(res.body.models.map((m: { id: string }) => m.id)).toEqual(fake.models.map((m) => m.id));
    expect(res.body.models[0]).toEqual({ id: "claude-sonnet-5-5", name: "Claude Sonnet 5.5", deprecated: false });
    expect(res.body.models.find((m: { id: string }) => m.id === "claude-sonnet-4-6").deprecated).toBe(true);
    expect(res.body.defaultModel).toBe("claude-sonnet-5-5");

    // A newer Sonnet appears: it becomes the default, wherever the API lists it.
    fake.models.push({
      id: "claude-sonnet-6",
      display_name: "Claude Sonnet 6",
      created_at: "2026-11-20T00:00:00Z",
      line: "sonnet",
      lifecycle: "active",
    });
    expect((await ann.json("GET", `${hosted}/models`)).body.defaultModel).toBe("claude-sonnet-6");
    fake.models.pop();
  });

  it("saving without a model picks the default; a model the key cannot use is a 422 naming model", async () => {
    const { ann, hosted } = await ownerWithAgent();
    const saved = await ann.json("PUT", hosted, {});
    expect(saved.status).toBe(200);
    expect(saved.body.hosted.model).toBe("claude-sonnet-5-5");

    const typo = await ann.json("PUT", hosted, { model: "claude-sonet-5-5" });
    expect(typo.status).toBe(422);
    expect(typo.body.error.fields.model[0]).toContain("“claude-sonet-5-5” is not a model this API key can use");
    expect((await ann.json("GET", hosted)).body.hosted.model).toBe("claude-sonnet-5-5");
  });

  it("a key the API refuses is a 422 naming apiKey, when saving and when listing with a typed key", async () => {
    const { ann, hosted } = await ownerWithAgent();
    const bad = "sk-ant-refused-by-the-api-1";
    fake.refusedKeys.add(bad);
    const saved = await ann.json("PUT", hosted, { model: "claude-sonnet-5-5", apiKey: bad });
    expect(saved.status).toBe(422);
    expect(saved.body.error.fields.apiKey[0]).toBe("The Anthropic API refused the API key");
    expect((await ann.json("GET", hosted)).body.hosted).toBeNull();

    const listed = await ann.fetch(`${hosted}/models`, { headers: { "x-anthropic-api-key": bad } });
    expect(listed.status).toBe(422);
    expect((await listed.json()).error.fields.apiKey).toBeDefined();
    const good = await ann.fetch(`${hosted}/models`, { headers: { "x-anthropic-api-key": "sk-ant-typed-and-fine-1" } });
    expect(good.status).toBe(200);
  });

  it("with no key on the server, saving without one is a 422 naming apiKey, and a pasted key is checked and kept", async () => {
    const keyless = await startHostedServer({ ANTHROPIC_API_KEY: "" });
    try {
      const ann = await signedUpPerson(keyless.app.url, "Ann");
      const roomId = await roomWith(ann, "no key");
      const agentId = (await ann.json("POST", "/api/agents", { name: "Claude" })).body.agent.id as string;
      await ann.json("POST", `/api/rooms/${roomId}/participants`, { agentId });
      const refused = await ann.json("PUT", `/api/agents/${agentId}/hosted`, { model: "claude-sonnet-5-5" });
      expect(refused.status).toBe(422);
      expect(refused.body.error.fields.apiKey[0]).toBe("Paste an Anthropic API key: the server has none");
      expect((await ann.json("GET", `/api/agents/${agentId}/hosted`)).body.hosted).toBeNull();
      const saved = await ann.json("PUT", `/api/agents/${agentId}/hosted`, {
        model: "claude-sonnet-5-5",
        apiKey: "sk-ant-own-key-1234567",
      });
      expect(saved.status).toBe(200);
      expect(saved.body.hosted.key).toBe("agent");
    } finally {
      await keyless.stop();
    }
  });
});
