import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";

// Sent with every response; pages add their nonce-based Content-Security-Policy in proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // prom-client keeps its registry in module state: one copy, loaded by Node, for every bundle.
  serverExternalPackages: ["pg", "prom-client"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // JSON and streams never need to load anything.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

// Validate configuration as the server starts or the app builds: a bad setting fails fast and clearly.
export default async function config(phase: string): Promise<NextConfig> {
  process.env.NEXT_PHASE ??= phase;
  if (phase !== PHASE_PRODUCTION_BUILD || process.env.DATABASE_URL) await import("./lib/env");
  return nextConfig;
}
