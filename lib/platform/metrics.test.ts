import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { openSse } from "@/scripts/lib/sse-client";
import { callTool, connectAgent } from "@/test/agents";
import { type AppServer, startAppServer } from "@/test/app-server";
import { eventually } from "@/test/eventually";

const METRICS_TOKEN = "metrics-token-for-tests-0123456789";
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer({ METRICS_TOKEN, SEND_RATE_PER_MINUTE: "1" });
});
afterAll(() => app?.stop());

async function scrape(): Promise<string> {
  const res = await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return res.text();
}

/** The value of one sample, e.g. `parley_messages_total{sender="user"}`; 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("GET /api/metrics", () => {
  it("is refused without the METRICS_TOKEN", async () => {
    expect((await fetch(`${app.url}/api/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/metrics`, { headers: { authorization: "Bearer wrong-token-wrong-token" } })).status).toBe(401);
  });

  it("exposes every named series and the default process metrics", async () => {
    const text = await scrape();
    for (const name of [
      "http_request_duration_seconds",
      "parley_messages_total",
      "parley_delivery_latency_seconds",
      "parley_sse_connections",
      "parley_agents_waiting",
      "parley_mcp_tool_calls_total",
      "parley_rate_limited_total",
      "parley_webhook_deliveries_total",
      "parley_password_hashes_total",
      "process_cpu_user_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
  });

  it("counts a posted message, its live delivery, the request by route pattern, open streams and rate limiting", async () => {
    const alice = new ParleyClient(app.url);
    await alice.signUp(uniqueUser("Alice"));
    const roomId = (await alice.json("POST", "/api/rooms", { name: "metered" })).body.room.id as string;
    const stream = await openSse(alice, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    const before = await scrape();
    expect(sample(before, 'parley_sse_connections{kind="room"}')).toBe(1);

    const sent = await alice.json("POST", `/api/rooms/${roomId}/messages`, { body: "count me" });
    expect(sent.status).toBe(201);
    await stream.waitFor((e) => e.event === "message" && e.data.message.id === sent.body.message.id);
    const after = await scrape();
    expect(sample(after, 'parley_messages_total{sender="user"}') - sample(before, 'parley_messages_total{sender="user"}')).toBe(1);
    expect(sample(after, "parley_delivery_latency_seconds_count") - sample(before, "parley_delivery_latency_seconds_count")).toBe(1);
    const posted = 'http_request_duration_seconds_count{method="POST",route="/api/rooms/[roomId]/messages",status="201"}';
    expect(sample(after, posted) - sample(before, posted)).toBe(1);
    expect(after).not.toContain(roomId); // routes are labelled by pattern, never by id

    stream.close();
    await stream.closed;
    await eventually(scrape, (text) => sample(text, 'parley_sse_connections{kind="room"}') === 0);

    // SEND_RATE_PER_MINUTE=1 still allows a burst of 10.
    let limited = 0;
    for (let i = 0; i < 12 && limited === 0; i++) {
      if ((await alice.json("POST", `/api/rooms/${roomId}/messages`, { body: `burst ${i}` })).status === 429) limited++;
    }
    expect(limited).toBe(1);
    expect(sample(await scrape(), 'parley_rate_limited_total{limiter="send_message"}')).toBe(1);
  });

  it("counts MCP tool calls by tool and outcome, and agents held waiting", async () => {
    const owner = new ParleyClient(app.url);
    await owner.signUp(uniqueUser("Owner"));
    const roomId = (await owner.json("POST", "/api/rooms", { name: "tools" })).body.room.id as string;
    const agent = await connectAgent(owner, roomId);
    expect((await callTool(agent.mcp, "list_rooms")).isError).toBe(false);
    expect((await callTool(agent.mcp, "get_room_status", { room_id: "not-a-room-of-mine" })).isError).toBe(true);
    const waiting = callTool(agent.mcp, "get_pending_messages", { room_id: roomId, wait_seconds: 3 });
    await eventually(scrape, (during) => sample(during, "parley_agents_waiting") === 1, 3000);
    await waiting;
    const text = await scrape();
    expect(sample(text, 'parley_mcp_tool_calls_total{tool="list_rooms",outcome="ok"}')).toBe(1);
    expect(sample(text, 'parley_mcp_tool_calls_total{tool="get_room_status",outcome="error"}')).toBe(1);
    expect(sample(text, "parley_agents_waiting")).toBe(0);
    await agent.mcp.close();
  });
});
