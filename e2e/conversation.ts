import type { Browser, BrowserContextOptions } from "@playwright/test";
import { ParleyClient, uniqueUser } from "../scripts/lib/parley-client";
import { connectAgent } from "../test/agents";

/** A browser context signed in as `client`'s person (its session cookie), with any options (viewport, colour scheme). */
export async function signedInContext(browser: Browser, client: ParleyClient, options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  await context.addCookies(
    client
      .cookieHeader()
      .split("; ")
      .map((pair) => {
        const eq = pair.indexOf("=");
        return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: client.baseUrl };
      }),
  );
  return context;
}

/** A room named `name` that `owner` creates and `guest` joins through an invite; its id. */
export async function sharedRoom(owner: ParleyClient, guest: ParleyClient, name: string): Promise<string> {
  const roomId = (await owner.json("POST", "/api/rooms", { name })).body.room.id as string;
  const { token } = (await owner.json("POST", `/api/rooms/${roomId}/invites`)).body;
  await guest.json("POST", `/api/invites/${token}`);
  return roomId;
}

/**
 * A room with a conversation worth looking at: two people and an agent, a reply, a mention, a reaction,
 * a code block and a table, and one rated agent reply. `client` is Maya, the room's owner.
 */
export async function seedConversation(baseURL: string) {
  const maya = uniqueUser("Maya");
  const leo = uniqueUser("Leo");
  const client = new ParleyClient(baseURL);
  const other = new ParleyClient(baseURL);
  await client.signUp(maya);
  await other.signUp(leo);
  const roomId = (await client.json("POST", "/api/rooms", { name: "Launch plan" })).body.room.id as string;
  const { token } = (await client.json("POST", `/api/rooms/${roomId}/invites`)).body;
  await other.json("POST", `/api/invites/${token}`);
  const agent = await connectAgent(client, roomId, "Claude");
  await agent.mcp.close();

  const say = async (who: ParleyClient, body: string, replyToSeq?: number) =>
    (await who.json("POST", `/api/rooms/${roomId}/messages`, { body, ...(replyToSeq && { replyToSeq }) })).body
      .message as {
      id: string;
      seq: number;
    };
  const agentSays = async (body: string, replyToSeq: number) => {
    const res = await fetch(`${baseURL}/api/agent/rooms/${roomId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        body,
        reply_to_seq: replyToSeq,
        usage: { input_tokens: 120, output_tokens: 80, latency_ms: 900, model: "test" },
      }),
    });
    return (await res.json()).message as { id: string; seq: number };
  };

  const kickoff = await say(client, "Morning! Launch is **Thursday**. Where are we on the checklist?");
  await say(other, "Docs are done.\nRelease notes need one more pass.");
  const question = await say(client, "@Claude can you summarise the open items as a table?");
  const summary = await agentSays(
    [
      "Here is where things stand:",
      "",
      "| Item | Owner | Status |",
      "| --- | --- | --- |",
      "| Release notes | Leo | In review |",
      "| Load test | Maya | Scheduled |",
      "| Rollback plan | Claude | Drafted |",
    ].join("\n"),
    question.seq,
  );
  await client.json("PUT", `/api/messages/${summary.id}/reactions/${encodeURIComponent("🎉")}`);
  await other.json("PUT", `/api/messages/${summary.id}/reactions/${encodeURIComponent("🎉")}`);
  await client.json("PUT", `/api/messages/${summary.id}/feedback`, { rating: "up", comment: "Exactly what I needed" });
  const ask = await say(other, "@Claude what command runs the load test?");
  await agentSays(
    "Run it from the repo root:\n\n```sh\nnpm run bench -- --rooms 50 --duration 10m --report bench/thursday.json\n```",
    ask.seq,
  );
  await say(client, "Perfect, I'll kick it off after lunch.", kickoff.seq);
  return { client, other, maya, leo, roomId, agentId: agent.agentId };
}
