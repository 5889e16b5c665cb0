// `npm start` (production build) and `npm run dev` (next dev): database, migrations, secret, then the app.
// Ctrl-C or SIGTERM stops the app first, then the embedded PostgreSQL.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { assertPortFree, authSecret, type Database, dataDir, ensureBuild, openDatabase, root } from "./lib/runtime";

const dev = process.argv[2] === "dev";
const port = Number(process.env.PORT ?? 3000);

if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));

let db: Database | undefined;
let app: ChildProcess | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (app && app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((resolve) => app?.once("exit", resolve));
    }
    await db?.stop().catch(() => {});
  }
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  await assertPortFree(port, "Parley");
  db = await openDatabase();
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    AUTH_SECRET: authSecret(),
    // Attachments on local disk beside the embedded database's data, unless STORAGE_URL says otherwise.
    STORAGE_URL: process.env.STORAGE_URL || path.join(dataDir, "files"),
    AUTH_TRUST_HOST: "true",
    PORT: String(port),
    HOSTNAME: process.env.HOSTNAME_BIND ?? "0.0.0.0",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (dev) {
    app = spawn("npx", ["next", "dev", "-p", String(port)], { cwd: root, stdio: "inherit", env: { ...env, NODE_ENV: "development" } });
  } else {
    const server = await ensureBuild();
    // Streams and sends are served straight from node:http beside Next (lib/server/node-server): a fraction of the
    // memory per stream and of the CPU per send.
    const nodeRoutes = path.join(root, "scripts", "node-server.cjs");
    app = spawn(process.execPath, ["--require", nodeRoutes, server], { cwd: path.dirname(server), stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
  }
  console.log(`parley: ${db.embedded ? "embedded PostgreSQL" : "DATABASE_URL"} ready; app on http://localhost:${port}`);
  app.on("exit", (code) => void shutdown(code ?? 0));
} catch (err) {
  console.error(`parley: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
}
