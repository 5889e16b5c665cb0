import "server-only";
import pg from "pg";
import { runHostedAgent } from "@/lib/agents/hosted/runner";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { log } from "@/lib/platform/log";
import { shutdownSignal } from "@/lib/platform/shutdown";

/**
 * Runs each enabled hosted agent's loop on exactly one instance. An instance runs a loop while it holds
 * that agent's PostgreSQL advisory lock, on a connection of its own: when the instance dies, the database
 * ends the connection and frees the lock, and another instance takes the agent over at its next look
 * (every HOSTED_AGENT_CHECK_SECONDS).
 */

// The advisory lock key space for hosted agents ("parl"), with the agent id hashed as the second key.
const LOCK_SPACE = 0x7061726c;

type Running = { controller: AbortController; done: Promise<void> };

const state = globalThis as unknown as { parleyHosted?: { started: boolean } };

export function startHostedAgents(): void {
  if (state.parleyHosted?.started || !env.DATABASE_URL) return;
  state.parleyHosted = { started: true };
  const running = new Map<string, Running>();
  let connection: pg.Client | null = null;
  // The lock connection runs one statement at a time: looks and unlocks queue here.
  let queue: Promise<unknown> = Promise.resolve();
  const onLockConnection = <T>(client: pg.Client, sql: string, params: unknown[]) => {
    const result = queue.then(() => client.query<T & pg.QueryResultRow>(sql, params));
    queue = result.catch(() => {});
    return result;
  };

  const stopAll = () => {
    for (const loop of running.values()) loop.controller.abort();
  };

  const lockConnection = async (): Promise<pg.Client> => {
    if (connection) return connection;
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    client.on("error", (err) => {
      // Without the connection the locks are gone: another instance may take the agents now.
      log.warn("hosted agents: lock connection lost", { error: err.message });
      if (connection === client) connection = null;
      stopAll();
    });
    await client.connect();
    connection = client;
    return client;
  };

  const look = async () => {
    const wanted = new Set(
      (await db.hostedAgent.findMany({ where: { enabled: true, pausedAt: null }, select: { agentId: true } })).map(
        (h) => h.agentId,
      ),
    );
    for (const [agentId, loop] of running) if (!wanted.has(agentId)) loop.controller.abort();
    const client = await lockConnection();
    for (const agentId of wanted) {
      if (running.has(agentId) || shutdownSignal.aborted) continue;
      const { rows } = await onLockConnection<{ locked: boolean }>(
        client,
        "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked",
        [LOCK_SPACE, agentId],
      );
      if (!rows[0]?.locked) continue;
      const controller = new AbortController();
      log.info("hosted agent: loop started here", { agentId });
      const done = runHostedAgent(agentId, controller.signal)
        .catch((err) =>
          log.error("hosted agent: loop failed", { agentId, error: err instanceof Error ? err.message : String(err) }),
        )
        .finally(async () => {
          running.delete(agentId);
          if (connection === client)
            await onLockConnection(client, "SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_SPACE, agentId]).catch(
              () => {},
            );
        });
      running.set(agentId, { controller, done });
    }
  };

  // One look at a time: the lock is re-entrant on its connection, so two looks could both take an agent.
  let looking = false;
  const timer = setInterval(() => {
    if (looking) return;
    looking = true;
    look()
      .catch((err) =>
        log.warn("hosted agents: look failed", { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        looking = false;
      });
  }, env.HOSTED_AGENT_CHECK_SECONDS * 1000);
  timer.unref();
  shutdownSignal.addEventListener("abort", () => {
    clearInterval(timer);
    stopAll();
    void Promise.allSettled([...running.values()].map((loop) => loop.done)).then(() => connection?.end());
  });
}
