import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { freePort } from "@/scripts/lib/embedded-db";
import { type AppServer, startAppServer } from "@/test/app-server";
import { png, upload } from "@/test/files";
import { roomWith, signedUpPerson } from "@/test/people";

// A real S3-protocol server on loopback (s3rver), and two app instances storing files in it: what one stores,
// the other serves.
const BUCKET = "parley-files";
let s3: S3rver;
let endpoint: string;
let apps: AppServer[] = [];

beforeAll(async () => {
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  s3 = new S3rver({
    address: "127.0.0.1",
    port,
    silent: true,
    directory: await mkdtemp(path.join(tmpdir(), "parley-s3-")),
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  await s3.run();
  const storageEnv = {
    STORAGE_URL: `s3://${BUCKET}/uploads`,
    STORAGE_S3_PATH_STYLE: "true",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_ENDPOINT_URL_S3: endpoint,
  };
  apps = await Promise.all([startAppServer(storageEnv), startAppServer(storageEnv)]);
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await s3?.close();
  await db.$disconnect();
});

async function objectKeys(): Promise<string[]> {
  const client = new S3Client({
    region: "us-east-1",
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key as string).sort();
}

describe("S3 storage", () => {
  it("stores files and thumbnails in the bucket under the prefix, serves them from any instance, and deletes them with their message", async () => {
    const [one, two] = apps;
    const ann = await signedUpPerson(one.url, "Ann");
    const roomId = await roomWith(ann, "Bucket");
    const image = await png(300, 200);
    const up = await upload(ann, roomId, "plan.png", image);
    expect(up.status).toBe(201);
    const keys = await objectKeys();
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => k.startsWith("uploads/"))).toBe(true);
    expect(keys.some((k) => k.endsWith(".thumb"))).toBe(true);

    const sent = await ann.json("POST", `/api/rooms/${roomId}/messages`, { body: "the plan", attachmentIds: [up.body.attachment.id] });
    expect(sent.status).toBe(201);

    // The same person, through the other instance.
    const viaTwo = async (suffix = "") => {
      const res = await fetch(`${two.url}/api/attachments/${up.body.attachment.id}${suffix}`, { headers: { cookie: ann.cookieHeader() } });
      return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
    };
    const file = await viaTwo();
    expect(file.status).toBe(200);
    expect(file.type).toBe("image/png");
    expect(file.bytes.equals(image)).toBe(true);
    expect((await viaTwo("/thumbnail")).type).toBe("image/webp");

    expect((await ann.json("DELETE", `/api/messages/${sent.body.message.id}`)).status).toBe(200);
    expect(await objectKeys()).toEqual([]);
    expect((await viaTwo()).status).toBe(404);
  });
});
