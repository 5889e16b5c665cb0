import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { type AppServer, startAppServer } from "@/test/app-server";

// Two app processes with small limits on one database: a limit is one budget, whichever serves the request.
const LIMITS = { SEND_RATE_PER_MINUTE: "20", SIGNUP_ATTEMPTS_PER_ADDRESS: "6", SIGNIN_ATTEMPTS_PER_ACCOUNT: "4" };
let a: AppServer;
let b: AppServer;
beforeAll(async () => {
  [a, b] = await Promise.all([startAppServer(LIMITS), startAppServer(LIMITS)]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const alternate = (i: number) => (i % 2 === 0 ? a : b);

describe("limits across instances", () => {
  it("holds one person's send budget across both instances, and a 429 says when to retry", async () => {
    const user = uniqueUser();
    const [onA, onB] = [new ParleyClient(a.url), new ParleyClient(b.url)];
    await onA.signUp(user);
    await onB.signIn(user);
    const roomId = (await onA.json("POST", "/api/rooms", { name: "limits" })).body.room.id as string;
    // 20 a minute allows a burst of 10 (refilling one every 3 s): each instance alone would allow 10.
    const statuses: number[] = [];
    let refused: { status: number; headers: Headers; body: { error: { code: string } } } | undefined;
    for (let i = 0; i < 14; i++) {
      const res = await (i % 2 === 0 ? onA : onB).json("POST", `/api/rooms/${roomId}/messages`, {
        body: `m${i}`,
        clientId: `c${i}`,
      });
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
    }
    // The burst of 10 passes, then a refusal: at the 11th send, or the 12th if a slow machine took 3 s to
    // get there. Alone, each instance would have taken all 7 of its sends.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect([10, 11]).toContain(statuses.indexOf(429));
    expect(refused?.body.error.code).toBe("rate_limited");
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused?.headers.get("retry-after"))).toBeLessThanOrEqual(3);

    // A retry of a stored message is still answered while the budget is spent.
    const retry = await onB.json("POST", `/api/rooms/${roomId}/messages`, { body: "m0", clientId: "c0" });
    expect(retry.status).toBe(200);
    expect(retry.body.message.body).toBe("m0");
  });

  it("counts failed sign-ins for an account across both instances", async () => {
    const victim = uniqueUser("Victim");
    expect((await new ParleyClient(a.url).json("POST", "/api/auth/register", victim)).status).toBe(201);
    // 4 failures allowed per account, two through each instance; then even the right password is refused.
    for (let i = 0; i < 4; i++) {
      await expect(new ParleyClient(alternate(i).url).signIn({ ...victim, password: `guess ${i}` })).rejects.toThrow();
    }
    await expect(new ParleyClient(a.url).signIn(victim)).rejects.toThrow();
    await expect(new ParleyClient(b.url).signIn(victim)).rejects.toThrow();
  });
  it("holds the sign-up budget of an address across both instances", async () => {
    const statuses: number[] = [];
    let refused: Headers | undefined;
    // This address signed up twice already (the tests above); 6 an hour in all, each instance alone would allow 6.
    for (let i = 0; i < 9; i++) {
      const res = await new ParleyClient(alternate(i).url).json("POST", "/api/auth/register", uniqueUser());
      statuses.push(res.status);
      if (res.status === 429) refused ??= res.headers;
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429, 429, 429, 429]);
    expect(Number(refused?.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
