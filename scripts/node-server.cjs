// Loaded before Next's standalone server (`node --require ./node-server.cjs server.js`): every node:http
// server created afterwards offers each request to Parley's node:http routes first (lib/server/node-server, which
// the app installs at start: the streams and a person's send), and while the process shuts down every
// response says `Connection: close`. Requests that come before the app has installed it go to Next, which
// serves the same routes.
const http = require("node:http");

// Parley owns the shutdown order (lib/platform/shutdown: drain, then what requests left to write, then exit 0
// within SHUTDOWN_GRACE_SECONDS). Without this, Next's own SIGTERM handler exits with 143 before any of it runs.
process.env.NEXT_MANUAL_SIG_HANDLE ??= "true";

const createServer = http.createServer;
http.createServer = function createServerWithNodeRoutes(...args) {
  const index = args.findIndex((arg) => typeof arg === "function");
  if (index === -1) return createServer.apply(this, args);
  const next = args[index];
  args[index] = function onRequest(req, res) {
    const hooks = globalThis.parleyNodeServer;
    if (hooks?.draining()) res.setHeader("connection", "close");
    if (hooks?.serve(req, res)) return;
    return next.call(this, req, res);
  };
  return createServer.apply(this, args);
};
