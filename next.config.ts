import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { apiHeaders, securityHeaders } from "./lib/http/security-headers";

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // prom-client keeps its registry in module state: one copy, loaded by Node, for every bundle.
  serverExternalPackages: ["pg", "prom-client"],
  async headers() {
    return [
      { source: "/:path*", headers: asList(securityHeaders) },
      { source: "/api/:path*", headers: asList(apiHeaders) },
    ];
  },
};

// Validate configuration as the server starts or the app builds: a bad setting fails fast and clearly.
export default async function config(phase: string): Promise<NextConfig> {
  process.env.NEXT_PHASE ??= phase;
  if (phase !== PHASE_PRODUCTION_BUILD || process.env.DATABASE_URL) await import("./lib/platform/env");
  return nextConfig;
}
