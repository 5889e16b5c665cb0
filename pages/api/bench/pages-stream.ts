import type { NextApiRequest, NextApiResponse } from "next";
import type { StreamServerHooks } from "@/lib/stream-server";

// The benchmark's Pages Router variant of a room's stream: Next's Pages Router API route (Node's own
// response object) handing the request to the same handler the node:http stream server runs. Only a
// server started with BENCH_ROUTES=1 answers; every other answers 404.
export const config = { api: { bodyParser: false, responseLimit: false, externalResolver: true } };

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const hooks = (globalThis as { parleyStreamServer?: StreamServerHooks }).parleyStreamServer;
  const room = typeof req.query.room === "string" ? req.query.room : "";
  if (process.env.BENCH_ROUTES !== "1" || !hooks || !room)
    return res.status(404).json({ error: { code: "not_found", message: "Not found" } });
  req.url = `/api/rooms/${encodeURIComponent(room)}/events`;
  hooks.serve(req, res);
}
