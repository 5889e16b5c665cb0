import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { type AppServer, startAppServer } from "@/test/app-server";
import { eventually } from "@/test/eventually";

// Receivers inside the server's network: this server allows none of them (no WEBHOOK_ALLOW_HOSTS).
let app: AppServer;
const adminUser = uniqueUser("Admin");
let admin: ParleyClient;
beforeAll(async () => {
  app = await startAppServer({ WEBHOOK_RETRY_BASE_MS: "60000", WEBHOOK_POLL_INTERVAL_MS: "100" });
  admin = new ParleyClient(app.url);
  await admin.signUp(adminUser);
});
afterAll(() => app?.stop());

const secret = "whsec_test_0123456789abcdef";

describe("webhook receivers inside the server's network", () => {
  it("are refused when saved, with a 422 on the url field", async () => {
    const valid = await admin.json("POST", "/api/admin/webhooks", { url: "https://93.184.216.34/hook", secret, events: ["message.created"] });
    expect(valid.status).toBe(201);
    for (const url of [
      "http://127.0.0.1:3000/x",
      "http://localhost:3000/x",
      "http://[::1]:3000/x",
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/",
      "http://172.16.5.4/",
      "http://192.168.0.10/",
      "http://0.0.0.0:3000/",
      "http://[fc00::1]/",
      "http://[fd12:3456::1]/",
      "http://[fe80::1]/",
      "http://[::ffff:127.0.0.1]:3000/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://2130706433:3000/",
    ]) {
      const created = await admin.json("POST", "/api/admin/webhooks", { url, secret, events: ["message.created"] });
      expect(created.status, url).toBe(422);
      expect(created.body.error.fields.url[0], url).toMatch(/internal address/);
      const changed = await admin.json("PATCH", `/api/admin/webhooks/${valid.body.webhook.id}`, { url });
      expect(changed.status, url).toBe(422);
      expect(changed.body.error.fields.url, url).toBeDefined();
    }
    const { webhooks } = (await admin.json("GET", "/api/admin/webhooks")).body;
    expect(webhooks.map((w: { url: string }) => w.url)).toEqual(["https://93.184.216.34/hook"]);
    await admin.json("DELETE", `/api/admin/webhooks/${valid.body.webhook.id}`);
  });

  it("are refused at delivery when a saved name resolves inside: the log records the refusal, nothing is sent", async () => {
    let calls = 0;
    const receiver = createServer((_req, res) => {
      calls++;
      res.writeHead(200).end();
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const url = `http://localhost:${(receiver.address() as AddressInfo).port}/hook`;

    // Saved through an instance that allowed the name; this one does not.
    const permissive = await startAppServer({ WEBHOOK_ALLOW_HOSTS: "localhost" });
    const viaPermissive = new ParleyClient(permissive.url);
    await viaPermissive.signIn(adminUser);
    const created = await viaPermissive.json("POST", "/api/admin/webhooks", { url, secret, events: ["metadata.updated"] });
    expect(created.status).toBe(201);
    await permissive.stop();

    const roomId = (await admin.json("POST", "/api/rooms", { name: "hooks" })).body.room.id as string;
    expect((await admin.json("PATCH", `/api/rooms/${roomId}/metadata`, { set: { status: "open" } })).status).toBe(200);
    const [delivery] = await eventually(
      async () => (await admin.json("GET", `/api/admin/webhooks/${created.body.webhook.id}/deliveries`)).body.deliveries,
      (deliveries) => deliveries[0]?.attempts > 0,
    );
    expect(delivery).toMatchObject({ status: "pending", lastStatusCode: null });
    expect(delivery.lastError).toMatch(/localhost resolves to 127\.0\.0\.1, which is an internal address/);
    expect(calls).toBe(0);
    await new Promise((r) => receiver.close(r));
  });
});
