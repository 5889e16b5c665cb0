import { describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { NODE_SERVER_ARGS, startAppServer } from "@/test/app-server";

describe("a production server's start", () => {
  it("stops at once with a line that names a missing DATABASE_URL or AUTH_SECRET (an empty one is unset)", async () => {
    await expect(startAppServer({ DATABASE_URL: "" })).rejects.toThrow(/DATABASE_URL is not set/);
    await expect(startAppServer({ AUTH_SECRET: "" })).rejects.toThrow(/AUTH_SECRET is not set/);
  });

  it("gives Auth.js PUBLIC_URL as its address, not the one the server binds", async () => {
    const server = await startAppServer({
      PUBLIC_URL: "https://parley.example.com",
      AUTH_GITHUB_ID: "github-client-id",
      AUTH_GITHUB_SECRET: "github-client-secret",
    });
    try {
      const visitor = new ParleyClient(server.url);
      const { body } = await visitor.json<{ csrfToken: string }>("GET", "/api/auth/csrf");
      const res = await visitor.fetch("/api/auth/signin/github", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken: body.csrfToken }),
      });
      const location = new URL(res.headers.get("location") ?? "");
      expect(location.host).toBe("github.com");
      expect(location.searchParams.get("redirect_uri")).toBe("https://parley.example.com/api/auth/callback/github");
    } finally {
      await server.stop();
    }
  });

  it("runs each pool's session settings before the connection's first query: pg warns of no overlapping query", async () => {
    const server = await startAppServer({}, undefined, NODE_SERVER_ARGS);
    let output = "";
    server.process.stderr?.on("data", (chunk) => (output += chunk));
    try {
      const person = new ParleyClient(server.url);
      await person.signUp(uniqueUser("Pia"));
      const roomId = (await person.json("POST", "/api/rooms", { name: "pools" })).body.room.id as string;
      // Sends use the hot pool and the read-marker pool, each with its own SET.
      const sends = await Promise.all(
        Array.from({ length: 8 }, (_, i) => person.json("POST", `/api/rooms/${roomId}/messages`, { body: `m${i}` })),
      );
      expect(sends.map((s) => s.status)).toEqual(Array(8).fill(201));
      await new Promise((r) => setTimeout(r, 300));
      expect(output).not.toContain("DeprecationWarning");
    } finally {
      await server.stop();
    }
  });
});
