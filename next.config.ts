import type { NextConfig } from "next";
import { apiHeaders, securityHeaders } from "./lib/http/security-headers";
// Validates configuration as the app builds or a server starts: a bad setting fails fast and clearly.
import "./lib/platform/env";

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

export default nextConfig;
