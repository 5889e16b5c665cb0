import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";

const nextConfig: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // prom-client keeps its registry in module state: one copy, loaded by Node, for every bundle.
  serverExternalPackages: ["pg", "prom-client"],
};

// Validate configuration as the server starts or the app builds: a bad setting fails fast and clearly.
export default async function config(phase: string): Promise<NextConfig> {
  process.env.NEXT_PHASE ??= phase;
  if (phase !== PHASE_PRODUCTION_BUILD || process.env.DATABASE_URL) await import("./lib/env");
  return nextConfig;
}
