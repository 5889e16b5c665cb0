import { z } from "zod";

// Every setting Parley reads, validated once. `.env.example` documents each one.
const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");
const csv = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  AUTH_TRUST_HOST: bool.optional(),
  // Auth.js's own settings, read here too: the session cookie's name depends on the origin's protocol.
  AUTH_URL: z.string().url().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  ADMIN_EMAILS: csv.default([]),
  PUBLIC_URL: z.string().url().optional(),
  MAX_PARTICIPANTS: z.coerce.number().int().min(2).max(10_000).default(100),
  INVITE_TTL_HOURS: z.coerce.number().int().min(1).default(72),
  SEND_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  EVENT_BUS: z.enum(["listen", "poll"]).default("listen"),
  EVENT_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(500),
  SSE_KEEPALIVE_SECONDS: z.coerce.number().int().min(1).default(15),
  SSE_MAX_QUEUE: z.coerce.number().int().min(10).default(1000),
  // Streams end after this long with a `reconnect` (clients resume at once); unset: never, or 270 s on Vercel.
  SSE_MAX_SECONDS: z.coerce.number().int().min(1).optional(),
  AGENT_SEND_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  AGENT_LEASE_SECONDS: z.coerce.number().int().min(1).default(60),
  AGENT_CONTEXT_MESSAGES: z.coerce.number().int().min(0).max(100).default(5),
  AGENT_QUIET_SINGLE_MS: z.coerce.number().int().min(0).default(100),
  AGENT_QUIET_MULTI_MS: z.coerce.number().int().min(0).default(2000),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5000),
  WEBHOOK_RETRY_HOURS: z.coerce.number().min(1).default(24),
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  // Webhook receivers may not be internal addresses (loopback, link-local, private) unless their host is named here.
  WEBHOOK_ALLOW_HOSTS: csv.default([]),
  OAUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).default(3600),
  OAUTH_REFRESH_TOKEN_TTL_DAYS: z.coerce.number().min(1).default(30),
  // Client ID Metadata Documents must be https; tests serve theirs over http on loopback.
  OAUTH_ALLOW_HTTP_CLIENT_IDS: bool.default(false),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Operations: health details and metrics for monitoring systems that cannot sign in.
  HEALTH_TOKEN: z.string().min(16).optional(),
  METRICS_TOKEN: z.string().min(16).optional(),
  HEARTBEAT_INTERVAL_SECONDS: z.coerce.number().min(0.5).max(3600).default(60),
  // Retention: off unless RETENTION_DAYS is set.
  RETENTION_DAYS: z.coerce.number().int().min(1).optional(),
  RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(1).default(60),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
  // Sign-in attempts allowed per 15 minutes, per account and per client address.
  SIGNIN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  SIGNIN_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  // Sign-ups allowed per 15 minutes from one client address.
  SIGNUP_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  // Hosted agents (Parley runs their loop): the server-wide key, used by agents without their own.
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  HOSTED_AGENT_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  HOSTED_AGENT_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(120),
  // How often a streaming reply's draft is shown to the room (each show is an edit in its history).
  HOSTED_AGENT_DRAFT_INTERVAL_MS: z.coerce.number().int().min(50).default(300),
  // How often each instance looks for hosted agents whose loop no instance runs.
  HOSTED_AGENT_CHECK_SECONDS: z.coerce.number().min(0.2).default(5),
  // Attachments: where their bytes go (file:///path, a path, or s3://bucket/prefix with the standard AWS
  // environment); unset: .data/files under the working directory (`npm start` puts it beside the database).
  STORAGE_URL: z
    .string()
    .refine((v) => !/^[a-z][a-z0-9+.-]*:/i.test(v) || /^(file|s3):/i.test(v), "Use a path, file:///path or s3://bucket/prefix")
    .optional(),
  // S3-compatible servers that need path-style addressing (MinIO, test servers): true.
  STORAGE_S3_PATH_STYLE: bool.default(false),
  // Read here so a missing region is said at start; the AWS SDK reads the credentials and AWS_ENDPOINT_URL_S3 itself.
  AWS_REGION: z.string().min(1).optional(),
  ATTACHMENT_MAX_MB: z.coerce.number().min(0.01).max(1024).default(25),
  // What one person may keep in attachments altogether.
  ATTACHMENT_QUOTA_MB: z.coerce.number().min(0.01).default(1024),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(300).default(10),
  // Only the benchmark sets it: the bare comparison routes under /api/bench answer instead of 404.
  BENCH_ROUTES: z.enum(["0", "1"]).default("0").transform((v) => v === "1"),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  // An empty variable is an unset one (compose files and CI often pass `VAR=`).
  const set = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}. See .env.example.`);
  }
  const env = parsed.data;
  // Auth.js builds its own links (OAuth redirect URIs) from AUTH_URL, else from the address the server binds
  // (0.0.0.0 in a container): the public address, once set, is the one it must use.
  if (env.PUBLIC_URL && !env.AUTH_URL && !env.NEXTAUTH_URL) process.env.AUTH_URL = env.AUTH_URL = env.PUBLIC_URL;
  return env;
}

/**
 * What a production server cannot start without (a build and an operator command can): a database, and a
 * signing secret of its own, since an invented one would end every session at each restart. `npm start`
 * provides both; a bare standalone server or a container must be given them.
 */
export function assertServable(settings: Env): void {
  if (settings.NODE_ENV !== "production") return;
  if (!settings.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: point it at your PostgreSQL (postgresql://user:password@host:5432/db).");
  }
  if (!settings.AUTH_SECRET) {
    throw new Error("AUTH_SECRET is not set. Generate one with `openssl rand -base64 32` and set it in the environment.");
  }
}

export const env = load();
