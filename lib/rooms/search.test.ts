import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { searchSql } from "@/lib/rooms/search";
import { ParleyClient, uniqueUser } from "@/scripts/lib/parley-client";
import { type AppServer, startAppServer } from "@/test/app-server";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.stop();
  await db.$disconnect();
});

async function person(name: string) {
  const client = new ParleyClient(app.url);
  await client.signUp(uniqueUser(name));
  return client;
}

describe("search", () => {
  it("finds words in your rooms only, with the room and a highlighted snippet; 422 without q", async () => {
    const kim = await person("Kim");
    const lee = await person("Lee");
    const ours = (await kim.json("POST", "/api/rooms", { name: "Ours" })).body.room.id as string;
    const theirs = (await lee.json("POST", "/api/rooms", { name: "Theirs" })).body.room.id as string;
    const hit = (await kim.json("POST", `/api/rooms/${ours}/messages`, { body: "the quarterly zephyr report is due" }))
      .body.message;
    await lee.json("POST", `/api/rooms/${theirs}/messages`, { body: "secret zephyr plans" });
    const gone = (await kim.json("POST", `/api/rooms/${ours}/messages`, { body: "a zephyr to delete" })).body.message;
    await kim.json("DELETE", `/api/messages/${gone.id}`);

    const res = await kim.json("GET", "/api/search?q=zephyr");
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1);
    expect(res.body.results[0]).toMatchObject({
      message: { id: hit.id, seq: hit.seq },
      room: { id: ours, name: "Ours" },
    });
    expect(res.body.results[0].snippet).toContain("\u0002zephyr\u0003");
    expect(JSON.stringify(res.body)).not.toContain("secret");

    // Naming a room you are not in finds nothing there either.
    expect((await kim.json("GET", `/api/search?q=zephyr&roomId=${theirs}`)).body.results).toEqual([]);
    expect((await kim.json("GET", "/api/search")).status).toBe(422);
    expect((await kim.json("GET", "/api/search?q=%20")).status).toBe(422);
    expect((await new ParleyClient(app.url).json("GET", "/api/search?q=zephyr")).status).toBe(401);

    // Paging with before.
    for (let i = 0; i < 3; i++) await kim.json("POST", `/api/rooms/${ours}/messages`, { body: `zephyr ${i}` });
    const page1 = (await kim.json("GET", "/api/search?q=zephyr&limit=2")).body;
    const page2 = (await kim.json("GET", `/api/search?q=zephyr&limit=2&before=${page1.nextBefore}`)).body;
    expect([...page1.results, ...page2.results].map((r: { message: { body: string } }) => r.message.body)).toEqual([
      "zephyr 2",
      "zephyr 1",
      "zephyr 0",
      "the quarterly zephyr report is due",
    ]);
  });

  it("matches the start of words, filters by from:, in:, before: and after:, and marks cut snippets with …", async () => {
    const ida = await person("Ida");
    const jon = new ParleyClient(app.url);
    await jon.signUp({ ...uniqueUser("Jon"), name: "Jon Quill" });
    const launch = (await ida.json("POST", "/api/rooms", { name: "Launch plan" })).body.room.id as string;
    const other = (await ida.json("POST", "/api/rooms", { name: "Garden" })).body.room.id as string;
    const { token } = (await ida.json("POST", `/api/rooms/${launch}/invites`)).body;
    await jon.json("POST", `/api/invites/${token}`);
    const long = `${"Lorem ipsum dolor sit amet. ".repeat(12)}The Paragraph we want sits here. ${"Trailing words go on and on. ".repeat(12)}`;
    await ida.json("POST", `/api/rooms/${launch}/messages`, { body: long });
    await jon.json("POST", `/api/rooms/${launch}/messages`, { body: "Paragraphs from Jon" });
    await ida.json("POST", `/api/rooms/${other}/messages`, { body: "A paragraph about tulips" });
    const bodies = async (q: string) =>
      (
        (await ida.json("GET", `/api/search?q=${encodeURIComponent(q)}`)).body.results as {
          message: { body: string };
        }[]
      ).map((r) => r.message.body);

    expect(await bodies("paragr")).toHaveLength(3);
    expect(await bodies("paragr from:jon")).toEqual(["Paragraphs from Jon"]);
    expect(await bodies('paragr from:"jon q"')).toEqual(["Paragraphs from Jon"]);
    expect(await bodies("paragr in:garden")).toEqual(["A paragraph about tulips"]);
    expect(await bodies("from:jon")).toEqual(["Paragraphs from Jon"]);
    expect(await bodies("paragr before:2000-01-01")).toEqual([]);
    expect(await bodies("paragr after:2000-01-01")).toHaveLength(3);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await bodies(`paragr after:${tomorrow}`)).toEqual([]);

    const [cut] = (await ida.json("GET", "/api/search?q=paragraph%20sits")).body.results;
    expect(cut.snippet.startsWith("… ")).toBe(true);
    expect(cut.snippet.endsWith(" …")).toBe(true);
    expect(cut.snippet).toContain("\u0002Paragraph\u0003");
    const [whole] = (await ida.json("GET", "/api/search?q=tulips")).body.results;
    expect(whole.snippet).not.toContain("…");
  });

  it("uses the GIN index on a room of 100,000 messages", async () => {
    const mo = await person("Mo");
    const roomId = (await mo.json("POST", "/api/rooms", { name: "Big" })).body.room.id as string;
    await mo.json("POST", `/api/rooms/${roomId}/messages`, { body: "hello" });
    const seat = await db.participant.findFirstOrThrow({ where: { roomId }, include: { user: true } });
    await db.$executeRaw`
      INSERT INTO "Message" (id, "roomId", seq, "senderId", body)
      SELECT gen_random_uuid()::text, ${roomId}, 1 + n, ${seat.id},
             'status update number ' || n || ' about ' ||
               CASE WHEN n % 1000 = 0 THEN 'kumquats' ELSE (ARRAY['apples','pears','plums','figs'])[1 + n % 4] END
      FROM generate_series(1, 100000) AS n`;
    await db.$executeRaw`UPDATE "Room" SET "lastSeq" = 100001 WHERE id = ${roomId}`;
    await db.$executeRawUnsafe(`ANALYZE "Message"`);
    // A word in one message of a thousand. (For a word in a quarter of them, PostgreSQL rightly walks the
    // newest messages instead and stops at the 20th match.)
    const query = searchSql({ userId: seat.userId as string, q: "kumquats", roomId, limit: 20 });
    const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${query.text}`, ...query.values);
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    console.log(`EXPLAIN of the search on 100,000 messages:\n${text}`);
    expect(text).toContain("Message_body_search_idx");
  });
});
