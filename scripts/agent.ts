// The reference agent: `npm run agent -- --url http://localhost:3000 --token prl_… [--room <roomId>]`.
// Answers deterministically (an echo) unless ANTHROPIC_API_KEY is set, then with Claude.
import { parseArgs } from "node:util";
import { claudeAnswerer, echoAnswerer, runAgentLoop } from "./lib/agent-loop";

const { values } = parseArgs({
  options: { url: { type: "string", default: "http://localhost:3000" }, token: { type: "string" }, room: { type: "string" } },
});
const token = values.token ?? process.env.PARLEY_AGENT_TOKEN;
if (!token) {
  console.error("agent: pass --token <agent token> (or set PARLEY_AGENT_TOKEN); create one on the Agents page");
  process.exit(1);
}

const controller = new AbortController();
process.on("SIGINT", () => controller.abort());
process.on("SIGTERM", () => controller.abort());

const apiKey = process.env.ANTHROPIC_API_KEY;
console.log(`agent: connecting to ${values.url}/api/mcp, answering with ${apiKey ? "Claude" : "a deterministic echo"}`);
await runAgentLoop({
  url: values.url as string,
  token,
  roomId: values.room,
  answer: apiKey ? claudeAnswerer(apiKey) : echoAnswerer,
  signal: controller.signal,
});
