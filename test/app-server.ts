import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort } from "../scripts/lib/embedded-db";

const root = path.resolve(import.meta.dirname, "..");
const serverJs = path.join(root, ".next", "standalone", "server.js");

export type AppServer = { url: string; process: ChildProcess; stop(): Promise<void> };

/** Node flags for the self-hosted shape, as `npm start` runs it: streams and sends served from node:http beside Next. */
export const NODE_SERVER_ARGS = ["--require", path.join(root, "scripts", "node-server.cjs")];

/**
 * The two shapes a server takes: Next alone (Vercel, a bare standalone server) and the self-hosted one.
 * Routes both serve must answer alike; Next marks its route handlers' responses with `Vary: rsc, …`.
 */
export const SERVER_SHAPES = [
  { server: "Next alone", nodeArgs: [] as string[], servedByNext: true },
  { server: "node:http beside Next", nodeArgs: NODE_SERVER_ARGS, servedByNext: false },
];

const running = new Set<ChildProcess>();

/**
 * Kills the servers a test file left running (a test that timed out never reaches its `stop`): they would
 * otherwise outlive the run and load the machine for the tests after it. Runs after every file.
 */
export function killLeftoverAppServers(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

/**
 * Runs the production build (`npm test` builds it first) as a real process on a free port, against the
 * test file's own database. Several can run at once: that is how cross-instance delivery is tested.
 */
export async function startAppServer(extraEnv: Record<string, string> = {}, fixedPort?: number, nodeArgs: string[] = []): Promise<AppServer> {
  if (!existsSync(serverJs)) throw new Error("No production build: run `npm run build` (npm test does) first");
  const port = fixedPort ?? (await freePort());
  const child = spawn(process.execPath, [...nodeArgs, serverJs], {
    cwd: path.dirname(serverJs),
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      AUTH_SECRET: "test-secret-test-secret-test-secret",
      AUTH_TRUST_HOST: "true",
      // Tests sign many people up from one address; the limit's own test sets it low.
      SIGNUP_ATTEMPTS_PER_ADDRESS: "100000",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  // PARLEY_TEST_LOGS=1 shows the server's own log while debugging a test.
  const echo = process.env.PARLEY_TEST_LOGS === "1";
  child.stdout?.on("data", (d) => (echo ? process.stdout.write(d) : (output += d)));
  child.stderr?.on("data", (d) => (echo ? process.stderr.write(d) : (output += d)));
  const url = `http://127.0.0.1:${port}`;
  // Wide: on a busy shared machine a cold start can take far longer than its usual two seconds.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app server exited: ${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // A server that never answered must not outlive the test run.
      child.kill("SIGKILL");
      throw new Error(`app server did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        // Already gone (exited, or killed by a signal as kill -9 tests do).
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        // Held long-polls may keep a graceful stop waiting; tests do not need to wait for them.
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}
