// The architecture's import rules, checked in `npm run lint` (docs/architecture.md explains them).
// Parts of lib/ from the bottom up: a part may import its own files and the parts below it, never one above.
const LAYERS = ["platform", "realtime", "review", "auth", "rooms", "agents", "ops", "http", "streams", "server"];

const above = (i) => `^lib/(${LAYERS.slice(i + 1).join("|")})/`;

module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", comment: "An import cycle makes load order matter.", from: {}, to: { circular: true } },
    ...LAYERS.slice(0, -1).map((layer, i) => ({
      name: `${layer}-imports-below-only`,
      severity: "error",
      comment: `lib/${layer} may import only: ${LAYERS.slice(0, i).join(", ") || "nothing of Parley"}.`,
      from: { path: `^lib/${layer}/` },
      to: { path: above(i) },
    })),
    {
      name: "client-is-browser-only",
      severity: "error",
      comment: "lib/client runs in the browser: it may import only itself and the client-safe contracts.",
      from: { path: "^lib/client/" },
      to: { path: "^lib/", pathNot: ["^lib/client/", "^lib/platform/schemas\\.ts$"] },
    },
    {
      name: "lib-is-below-the-ui",
      severity: "error",
      comment: "The domain knows nothing of pages and components.",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "bench-out-of-the-product",
      severity: "error",
      comment: "Only the benchmark's own routes may load benchmark code.",
      from: { path: "^(lib|components)/|^app/(?!api/bench/)" },
      to: { path: "^scripts/bench/" },
    },
  ],
  options: {
    // .tsx files are seen as import targets but not read: the swc parser that dependency-cruiser offers
    // reads no JSX, and TypeScript 7 has no JavaScript API for its tsc parser. Nothing in lib/ is .tsx.
    doNotFollow: { path: ["node_modules", "\\.tsx$"] },
    exclude: { path: "^lib/generated/|\\.next/|node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    parser: "swc",
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".cjs", ".mjs", ".json"] },
  },
};
