import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { purgeExpired } from "@/lib/ops/retention";
import { db } from "@/lib/platform/db";

// The domain called directly against this file's own database: rows are given their ages by hand.
const DAY = 86_400_000;
// Ages count back from the real clock: the command-line run below purges by it too.
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);

async function seed(label: string) {
  const user = await db.user.create({ data: { email: `${label}-${Math.random().toString(36).slice(2)}@example.test`, name: label } });
  const agentOwner = await db.agent.create({ data: { ownerId: user.id, name: `agent-${label}` } });
  const makeRoom = (name: string, lastActivityAt: Date) =>
    db.room.create({
      data: {
        name,
        ownerId: user.id,
        lastActivityAt,
        participants: { create: [{ userId: user.id, role: "OWNER" }, { agentId: agentOwner.id }] },
      },
      include: { participants: true },
    });
  const busy = await makeRoom(`${label} busy`, ago(1));
  const idle = await makeRoom(`${label} idle`, ago(40));
  const person = busy.participants.find((p) => p.userId)!;
  const bot = busy.participants.find((p) => p.agentId)!;
  let seq = 0;
  const message = (createdAt: Date, senderId = person.id) =>
    db.message.create({ data: { roomId: busy.id, seq: ++seq, senderId, body: `m${seq}`, createdAt } });
  const old1 = await message(ago(45));
  const old2 = await message(ago(31));
  const oldAgent = await message(ago(30.5), bot.id);
  const fresh1 = await message(ago(29));
  const fresh2 = await message(ago(0.1), bot.id);
  const feedback = (messageId: string, createdAt: Date) =>
    db.feedback.create({ data: { messageId, userId: user.id, agentId: agentOwner.id, roomId: busy.id, rating: "UP", createdAt } });
  // Feedback on an old message (recent itself) goes with its message; old feedback on a kept message goes by its own age.
  await feedback(oldAgent.id, ago(2));
  await feedback(fresh2.id, ago(0.05));
  const oldFeedbackOnFresh = await feedback(fresh1.id, ago(29));
  await db.feedback.update({ where: { id: oldFeedbackOnFresh.id }, data: { createdAt: ago(35) } });
  const change = (version: number, createdAt: Date) =>
    db.metadataChange.create({ data: { roomId: busy.id, version, actorName: label, before: {}, after: {}, createdAt } });
  await change(1, ago(60));
  await change(2, ago(10));
  return { busy, idle, kept: [fresh1.id, fresh2.id], removed: [old1.id, old2.id, oldAgent.id] };
}

describe("purgeExpired", () => {
  it("removes, in batches, only messages, feedback and metadata history older than the cutoff, archives idle rooms, and records the run", async () => {
    const { busy, idle, kept, removed } = await seed("a");
    const result = await purgeExpired({ retentionDays: 30, now, batchSize: 2 });
    expect(result).toMatchObject({ messages: 3, feedback: 2, metadataChanges: 1, roomsArchived: 1, cutoff: ago(30).toISOString() });
    expect(result.finishedAt).not.toBeNull();

    const left = await db.message.findMany({ where: { roomId: busy.id }, select: { id: true } });
    expect(left.map((m) => m.id).sort()).toEqual([...kept].sort());
    expect(await db.message.count({ where: { id: { in: removed } } })).toBe(0);
    expect(await db.feedback.count({ where: { roomId: busy.id } })).toBe(1);
    expect((await db.metadataChange.findMany({ where: { roomId: busy.id } })).map((c) => c.version)).toEqual([2]);
    expect((await db.room.findUniqueOrThrow({ where: { id: idle.id } })).archivedAt).toEqual(now);
    expect((await db.room.findUniqueOrThrow({ where: { id: busy.id } })).archivedAt).toBeNull();
    // The room's sequence is untouched: new messages keep counting from where it was.
    expect((await db.room.findUniqueOrThrow({ where: { id: busy.id } })).lastSeq).toBe(0);

    const run = await db.purgeRun.findUniqueOrThrow({ where: { id: result.id } });
    expect(run).toMatchObject({ messages: 3, feedback: 2, metadataChanges: 1, roomsArchived: 1 });

    const again = await purgeExpired({ retentionDays: 30, now, batchSize: 2 });
    expect(again).toMatchObject({ messages: 0, feedback: 0, metadataChanges: 0, roomsArchived: 0 });
  });

  it("runs once from the command line with `npm run purge`", async () => {
    const { busy } = await seed("cli");
    await db.message.create({ data: { roomId: busy.id, seq: 99, senderId: (await db.participant.findFirstOrThrow({ where: { roomId: busy.id } })).id, body: "ancient", createdAt: new Date(Date.now() - 400 * DAY) } });
    const root = path.resolve(import.meta.dirname, "../..");
    const { stdout } = await promisify(execFile)("npx", ["tsx", "--conditions=react-server", "scripts/purge.ts", "--days", "365"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", AUTH_SECRET: "cli-secret-cli-secret-cli-secret" },
    });
    expect(stdout).toMatch(/removed 1 message/);
    expect(await db.message.count({ where: { roomId: busy.id, body: "ancient" } })).toBe(0);
  });
});
