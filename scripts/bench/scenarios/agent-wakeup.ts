// Scenario 5: agents. (a) wake-up: a person's message commits → the result of a waiting agent's
// get_pending_messages arrives; (b) round trip: person POST → the reference agent's reply read on the
// person's stream, against the same agent polling every 2 s. All through the MCP SDK's own client.
import { performance } from "node:perf_hooks";
import type { Client } from "@modelcontextprotocol/client";
import { callTool, connectAgent } from "../../../test/agents";
import { echoAnswerer, type PendingMessage, runAgentLoop } from "../../lib/agent-loop";
import { ParleyClient, uniqueUser } from "../../lib/parley-client";
import { PARLEY_BENCH_ENV, type ServerProcess, startParley } from "../environment";
import { openEventStream, requestJson } from "../http-client";
import { type BenchContext, type Scenario, scaled } from "../scenario";
import { roundOrder, sleep, summarize, withTimeout } from "../stats";
import { nextTag } from "../targets";

const WAKE_UPS = 100;
const ROUND_TRIPS_PER_ROUND = 10;
const POLL_INTERVAL_MS = 2_000;
const POLLING_ROOMS = 4;
const POLLING_SAMPLES_PER_ROOM = 3;
const ROUNDS = 2;

type Seat = {
  person: ParleyClient;
  personName: string;
  roomId: string;
  agent: Awaited<ReturnType<typeof connectAgent>>;
};

/** A fresh person, a room in single mode (one person + one agent), and the agent's MCP client. */
async function seat(url: string): Promise<Seat> {
  const user = uniqueUser("ada");
  const person = new ParleyClient(url);
  await person.signUp(user);
  const { body } = await person.json("POST", "/api/rooms", { name: "agent bench" });
  const roomId = body.room.id as string;
  return { person, personName: user.name, roomId, agent: await connectAgent(person, roomId) };
}

async function post(s: Seat, text: string): Promise<number> {
  const res = await requestJson(`${s.person.baseUrl}/api/rooms/${s.roomId}/messages`, {
    method: "POST",
    headers: { cookie: s.person.cookieHeader() },
    body: { body: text },
  });
  if (res.status !== 201) throw new Error(`send answered ${res.status}`);
  return res.body.message.seq as number;
}

/** commit (the POST's response) → get_pending_messages' result, for an agent already waiting. */
async function wakeUps(s: Seat, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const tag = nextTag();
    const result = callTool(s.agent.mcp, "get_pending_messages", { room_id: s.roomId, wait_seconds: 20 }).then((r) => ({
      r,
      at: performance.now(),
    }));
    await sleep(60); // the call is now held on the server, subscribed to the room
    const seq = await post(s, tag);
    const committedAt = performance.now();
    const { r, at } = await result;
    const messages = (r.data?.messages ?? []) as PendingMessage[];
    if (!messages.some((m) => m.body === tag))
      throw new Error(`wake-up returned ${JSON.stringify(r.data ?? r.content)}`);
    samples.push(at - committedAt);
    await callTool(s.agent.mcp, "ack_messages", { room_id: s.roomId, up_to_seq: seq });
  }
  return samples;
}

/** Opens the person's stream and returns a function that resolves when the agent's echo of `tag` arrives. */
async function replyWatcher(s: Seat) {
  const waiting = new Map<string, (at: number) => void>();
  const stream = await openEventStream(
    `${s.person.baseUrl}/api/rooms/${s.roomId}/events`,
    { cookie: s.person.cookieHeader() },
    (body, at) => waiting.get(body)?.(at),
  );
  const roundTrip = async (tag: string, timeoutMs: number) => {
    const reply = `Echo to ${s.personName}: ${tag}`;
    const received = new Promise<number>((resolve) => waiting.set(reply, resolve));
    const startedAt = performance.now();
    await post(s, tag);
    const at = await withTimeout(received, timeoutMs, "agent reply");
    waiting.delete(reply);
    return at - startedAt;
  };
  return { roundTrip, close: () => stream.close() };
}

/** person → the reference agent (long-polling get_pending_messages) → person. */
async function referenceAgentRoundTrips(s: Seat, count: number): Promise<number[]> {
  const stop = new AbortController();
  const loop = runAgentLoop({
    url: s.person.baseUrl,
    token: s.agent.token,
    roomId: s.roomId,
    signal: stop.signal,
    log: () => {},
  });
  const watcher = await replyWatcher(s);
  const samples: number[] = [];
  try {
    await sleep(200);
    for (let i = 0; i < count; i++) {
      samples.push(await watcher.roundTrip(nextTag(), 10_000));
      await sleep(100); // the agent calls get_pending_messages again
    }
  } finally {
    watcher.close();
    stop.abort();
    await loop;
  }
  return samples;
}

/** The comparison: the same echo agent, calling get_pending_messages without waiting every 2 s. */
async function pollingLoop(mcp: Client, roomId: string, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const started = performance.now();
    const { data } = await callTool(mcp, "get_pending_messages", { room_id: roomId, wait_seconds: 0 });
    const messages = (data?.messages ?? []) as PendingMessage[];
    if (messages.length > 0) {
      const reply = await echoAnswerer(messages, undefined, data.you);
      await callTool(mcp, "send_message", { room_id: roomId, body: reply.body, reply_to_seq: messages.at(-1)!.seq });
    }
    await sleep(Math.max(0, POLL_INTERVAL_MS - (performance.now() - started)));
  }
}

async function pollingRoundTrips(seats: Seat[], perSeat: number): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(
    seats.map(async (s) => {
      const stop = new AbortController();
      const loop = pollingLoop(s.agent.mcp, s.roomId, stop.signal);
      const watcher = await replyWatcher(s);
      try {
        for (let i = 0; i < perSeat; i++) {
          await sleep(Math.random() * POLL_INTERVAL_MS); // a random phase against the poll
          samples.push(await watcher.roundTrip(nextTag(), 3 * POLL_INTERVAL_MS + 5_000));
        }
      } finally {
        watcher.close();
        stop.abort();
        await loop;
      }
    }),
  );
  return samples;
}

export const agentScenario: Scenario = {
  id: 5,
  title: "agent wake-up and person → agent → person round trip",
  async run(ctx: BenchContext) {
    const url = ctx.parleyServer.url;
    const wakeSeat = await seat(url);
    await wakeUps(wakeSeat, 5); // warm-up
    const wakeDefault = summarize(await wakeUps(wakeSeat, scaled(ctx, WAKE_UPS, 10)));
    ctx.log(`  wake-up (default quiet window): p50 ${wakeDefault.p50.toFixed(1)} ms`);

    // The same measurement without the deliberate quiet window shows what the wake-up mechanism costs.
    let noQuiet: ServerProcess | null = null;
    let wakeNoQuiet: ReturnType<typeof summarize>;
    try {
      noQuiet = await startParley(ctx.databaseUrl, "Parley (quiet 0)", { AGENT_QUIET_SINGLE_MS: "0" });
      const s = await seat(noQuiet.url);
      await wakeUps(s, 5);
      wakeNoQuiet = summarize(await wakeUps(s, scaled(ctx, WAKE_UPS, 10)));
    } finally {
      await noQuiet?.stop();
    }
    ctx.log(`  wake-up (quiet window 0): p50 ${wakeNoQuiet.p50.toFixed(1)} ms`);

    const roundTripSeat = await seat(url);
    const pollingSeats = await Promise.all(Array.from({ length: POLLING_ROOMS }, () => seat(url)));
    const longPoll: number[] = [];
    const polling: number[] = [];
    const rounds = scaled(ctx, ROUNDS, 1);
    for (let round = 0; round < rounds; round++) {
      for (const kind of roundOrder(round, "long-poll", "polling")) {
        if (kind === "long-poll")
          longPoll.push(...(await referenceAgentRoundTrips(roundTripSeat, scaled(ctx, ROUND_TRIPS_PER_ROUND, 3))));
        else polling.push(...(await pollingRoundTrips(pollingSeats, scaled(ctx, POLLING_SAMPLES_PER_ROOM, 1))));
      }
      ctx.log(`  round trip round ${round + 1}/${rounds}`);
    }
    for (const s of [wakeSeat, roundTripSeat, ...pollingSeats]) await s.agent.mcp.close();
    const [lp, pl] = [summarize(longPoll), summarize(polling)];
    const quietMs = Number(PARLEY_BENCH_ENV.AGENT_QUIET_SINGLE_MS);
    return {
      id: 5,
      title: this.title,
      measured: `wake-up: POST response (commit) → tool result, agent already waiting, n = ${wakeDefault.n} per server; round trip: POST start → agent's reply read on the person's stream (reference agent, echo answerer), n = ${lp.n} long-poll / ${pl.n} polling (${POLLING_ROOMS} rooms at once, random phase)`,
      rows: [
        {
          metric: `wake-up p50 with the default ${quietMs} ms quiet window`,
          unit: "ms",
          parley: wakeDefault.p50,
        },
        {
          metric: `wake-up p99 with the default ${quietMs} ms quiet window`,
          unit: "ms",
          parley: wakeDefault.p99,
          target: { text: "p99 < 50 ms", met: wakeDefault.p99 < 50 },
        },
        { metric: "wake-up p50 with no quiet window", unit: "ms", parley: wakeNoQuiet.p50 },
        {
          metric: "wake-up p99 with no quiet window",
          unit: "ms",
          parley: wakeNoQuiet.p99,
          target: { text: "p99 < 50 ms", met: wakeNoQuiet.p99 < 50 },
        },
        { metric: "round trip p50", unit: "ms", parley: lp.p50, other: pl.p50, versus: "2 s polling" },
        { metric: "round trip p99", unit: "ms", parley: lp.p99, other: pl.p99, versus: "2 s polling" },
      ],
      notes: [
        `Single mode (one person, one agent): messages are handed to an agent once the room has been quiet for AGENT_QUIET_SINGLE_MS (${quietMs} ms, the product default), so a wake-up includes that deliberate wait; the second server runs with AGENT_QUIET_SINGLE_MS=0 to show the mechanism alone.`,
      ],
    };
  },
};
