import { NODE_SERVER_ARGS, startAppServer } from "../test/app-server";
import { openTestDatabase } from "../test/database";
import { startFakeAnthropic } from "../test/fake-anthropic";
import { E2E_ADMIN } from "./admin-account";

/** A fresh database and the production server (the self-hosted shape) on E2E_PORT for the browser tests. */
export default async function globalSetup() {
  const database = await openTestDatabase(`parley_e2e_${process.pid}`);
  // Hosted agents answer through a local stand-in for the Messages API; specs script it at FAKE_ANTHROPIC_URL.
  const anthropic = await startFakeAnthropic();
  process.env.FAKE_ANTHROPIC_URL = anthropic.url;
  const app = await startAppServer(
    {
      DATABASE_URL: database.url,
      ADMIN_EMAILS: E2E_ADMIN.email,
      HEARTBEAT_INTERVAL_SECONDS: "2",
      ANTHROPIC_BASE_URL: anthropic.url,
      ANTHROPIC_API_KEY: "sk-ant-e2e-server-key",
      HOSTED_AGENT_CHECK_SECONDS: "0.5",
    },
    Number(process.env.E2E_PORT ?? 3100),
    NODE_SERVER_ARGS,
  );
  return async () => {
    await app.stop();
    await anthropic.close();
    await database.close();
  };
}
