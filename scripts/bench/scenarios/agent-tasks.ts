// Scenario 8: an agent that waits as an MCP task (2026-07-28, Tasks extension) against one that long-polls.
// (a) post → the task seen completed by a client polling tasks/get at the interval the server advertises;
// (b) what an idle waiting agent costs the server: requests, CPU and memory, task polling vs long-poll.
import { performance } from "node:perf_hooks";
import { callTool, connectAgent, modernRpc } from "../../../test/agents";
import { ParleyClient, uniqueUser } from "../../lib/parley-client";
import { cpuSeconds, PARLEY_BENCH_ENV, rssKb, startParley } from "../environment";
import { type BenchContext, type Scenario, scaled } from "../scenario";
import { sleep, summarize } from "../stats";
import { nextTag } from "../targets";

const WAKE_UPS = 60;
const IDLE_AGENTS = 20;
const IDLE_SECONDS = 20;

type Seat = { person: ParleyClient; roomId: string; agent: Awaited<ReturnType<typeof connectAgent>> };

async function seat(url: string): Promise<Seat> {
  const person = new ParleyClient(url);
  await person.signUp(uniqueUser("tia"));
  const roomId = (await person.json("POST", "/api/rooms", { name: "task bench" })).body.room.id as string;
  const agent = await connectAgent(person, roomId);
  const { last_seq } = (await callTool(agent.mcp, "get_room_status", { room_id: roomId })).data;
  await callTool(agent.mcp, "ack_messages", { room_id: roomId, up_to_seq: last_seq });
  return { person, roomId, agent };
}

type TaskHandle = { taskId: string; pollIntervalMs: number };

async function startTask(url: string, s: Seat): Promise<TaskHandle> {
  const args = { room_id: s.roomId };
  return (await modernRpc(url, s.agent.token, "tools/call", { name: "get_pending_messages", arguments: args })).result;
}

/** Polls tasks/get at the advertised interval until the task ends; returns when it was seen ended, and its last seq. */
async function pollUntilDone(url: string, s: Seat, task: TaskHandle, stop?: AbortSignal, onRequest = () => {}) {
  for (;;) {
    await sleep(task.pollIntervalMs);
    if (stop?.aborted) return { at: performance.now(), seq: 0 };
    onRequest();
    const { result } = await modernRpc(url, s.agent.token, "tasks/get", { taskId: task.taskId });
    if (result?.status === "completed") {
      const messages = result.result.structuredContent.messages as { seq: number }[];
      return { at: performance.now(), seq: messages.at(-1)?.seq ?? 0 };
    }
    if (result?.status !== "working") throw new Error(`task ended as ${JSON.stringify(result)}`);
  }
}

/** post (its commit) → the task seen completed, with a random phase against the poll. */
async function wakeUps(url: string, s: Seat, count: number): Promise<{ samples: number[]; interval: number }> {
  const samples: number[] = [];
  let interval = 0;
  for (let i = 0; i < count; i++) {
    const task = await startTask(url, s);
    interval = task.pollIntervalMs;
    const seen = pollUntilDone(url, s, task);
    await sleep(Math.random() * task.pollIntervalMs);
    const tag = nextTag();
    const posted = await s.person.json("POST", `/api/rooms/${s.roomId}/messages`, { body: tag });
    if (posted.status !== 201) throw new Error(`send answered ${posted.status}`);
    const committedAt = performance.now();
    const { at, seq } = await seen;
    samples.push(at - committedAt);
    await callTool(s.agent.mcp, "ack_messages", { room_id: s.roomId, up_to_seq: seq });
  }
  return { samples, interval };
}

/** `agents` idle agents waiting for `seconds`, each its own way; the server's requests, CPU and memory meanwhile. */
async function idleCost(url: string, pid: number, seats: Seat[], seconds: number, kind: "task" | "long-poll") {
  const stop = new AbortController();
  let requests = 0;
  const rssBefore = rssKb(pid);
  const cpuBefore = cpuSeconds(pid);
  const waits = seats.map(async (s) => {
    while (!stop.signal.aborted) {
      // Requests are counted as they are sent: a long-poll held past the window still counts once.
      requests++;
      if (kind === "task") await pollUntilDone(url, s, await startTask(url, s), stop.signal, () => requests++);
      else await callTool(s.agent.mcp, "get_pending_messages", { room_id: s.roomId, wait_seconds: 20 });
    }
  });
  await sleep((seconds * 1000) / 2);
  const rssDuring = rssKb(pid);
  await sleep((seconds * 1000) / 2);
  const cpu = cpuSeconds(pid) - cpuBefore;
  const perAgentPerMinute = (n: number) => (n / seats.length) * (60 / seconds);
  const cost = {
    requestsPerMinute: perAgentPerMinute(requests),
    cpuMsPerMinute: perAgentPerMinute(cpu * 1000),
    rssKbPerAgent: Math.max(0, rssDuring - rssBefore) / seats.length,
  };
  // Wind down: a message in each room hands every held long-poll its answer now.
  stop.abort();
  if (kind === "long-poll")
    await Promise.all(seats.map((s) => s.person.json("POST", `/api/rooms/${s.roomId}/messages`, { body: "done" })));
  await Promise.all(waits);
  return cost;
}

export const agentTasksScenario: Scenario = {
  id: 8,
  title: "an agent waiting as an MCP task (2026-07-28) against a long-polling one",
  async run(ctx: BenchContext) {
    const wakeSeat = await seat(ctx.parleyServer.url);
    await wakeUps(ctx.parleyServer.url, wakeSeat, 3); // warm-up
    const { samples, interval } = await wakeUps(ctx.parleyServer.url, wakeSeat, scaled(ctx, WAKE_UPS, 10));
    const wake = summarize(samples);
    ctx.log(
      `  task wake-up: p50 ${wake.p50.toFixed(0)} ms, p99 ${wake.p99.toFixed(0)} ms (poll interval ${interval} ms)`,
    );

    // A server of its own, so that its CPU and memory are the idle agents' alone.
    const server = await startParley(ctx.databaseUrl, "Parley (idle agents)");
    const seconds = scaled(ctx, IDLE_SECONDS, 6);
    const agents = scaled(ctx, IDLE_AGENTS, 5);
    let task: Awaited<ReturnType<typeof idleCost>>;
    let longPoll: Awaited<ReturnType<typeof idleCost>>;
    try {
      const seats = await Promise.all(Array.from({ length: agents }, () => seat(server.url)));
      task = await idleCost(server.url, server.pid, seats, seconds, "task");
      longPoll = await idleCost(server.url, server.pid, seats, seconds, "long-poll");
      ctx.log(
        `  idle agent: ${task.requestsPerMinute.toFixed(0)} req/min as a task, ${longPoll.requestsPerMinute.toFixed(1)} long-polling`,
      );
      for (const s of seats) await s.agent.mcp.close();
    } finally {
      await server.stop();
    }
    const quietMs = Number(PARLEY_BENCH_ENV.AGENT_QUIET_SINGLE_MS);
    return {
      id: 8,
      title: this.title,
      measured: `wake-up: POST response (commit) → tasks/get answering "completed", the client polling at the advertised ${interval} ms from a random phase, n = ${wake.n}; idle cost: ${agents} idle agents for ${seconds} s on a server of their own, per agent`,
      rows: [
        { metric: "post → task completed p50", unit: "ms", parley: wake.p50 },
        {
          metric: "post → task completed p99",
          unit: "ms",
          parley: wake.p99,
          target: { text: `p99 < poll interval + 200 ms (${interval + 200} ms)`, met: wake.p99 < interval + 200 },
        },
        {
          metric: "idle agent: requests per minute",
          unit: "req/min",
          parley: task.requestsPerMinute,
          other: longPoll.requestsPerMinute,
          versus: "long-poll",
        },
        {
          metric: "idle agent: server CPU per minute",
          unit: "ms",
          parley: task.cpuMsPerMinute,
          other: longPoll.cpuMsPerMinute,
          versus: "long-poll",
        },
        {
          metric: "idle agent: server memory while waiting",
          unit: "KB",
          parley: task.rssKbPerAgent,
          other: longPoll.rssKbPerAgent,
          versus: "long-poll",
        },
      ],
      notes: [
        `A task completes on the first tasks/get after the room's quiet window (${quietMs} ms in single mode) has passed, so the wake-up is the quiet window plus up to one poll interval.`,
        "Between polls a task holds nothing on the server (its state is a row); a long-poll holds a request, a subscription and a timer for up to 20 s. The memory row is the server's RSS growth halfway through the idle window, per agent: for tasks it is allocation churn from the polls (nothing is retained), for long-polls what the held requests keep.",
      ],
    };
  },
};
