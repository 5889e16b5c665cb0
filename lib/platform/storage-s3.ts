import "server-only";
import { DeleteObjectsCommand, GetObjectCommand, NoSuchKey, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { env } from "@/lib/platform/env";

/**
 * Attachments in S3-compatible object storage, for several instances or serverless platforms. Credentials
 * and the endpoint come from the standard AWS environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_ENDPOINT_URL_S3 for servers other than AWS), read by the SDK itself. It is a Storage
 * (lib/platform/storage, which loads this module only when STORAGE_URL is an s3:// URL).
 */
export function s3Storage({ bucket, prefix }: { bucket: string; prefix: string }) {
  if (!env.AWS_REGION) throw new Error("STORAGE_URL is an s3:// URL but AWS_REGION is not set (any region your server accepts, e.g. us-east-1)");
  const client = new S3Client({ region: env.AWS_REGION, forcePathStyle: env.STORAGE_S3_PATH_STYLE });
  const keyOf = (key: string) => `${prefix}${key}`;
  return {
    async put(key: string, bytes: Uint8Array, type: string) {
      // Large files go up in parts, several at once.
      await new Upload({ client, params: { Bucket: bucket, Key: keyOf(key), Body: bytes, ContentType: type } }).done();
    },
    async get(key: string): Promise<ReadableStream<Uint8Array> | null> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(key) }));
        return (object.Body?.transformToWebStream() as ReadableStream<Uint8Array> | undefined) ?? null;
      } catch (err) {
        if (err instanceof NoSuchKey || (err as { name?: string }).name === "NoSuchKey") return null;
        throw err;
      }
    },
    async remove(keys: string[]) {
      // At most 1,000 keys per request.
      for (let i = 0; i < keys.length; i += 1000) {
        const objects = keys.slice(i, i + 1000).map((key) => ({ Key: keyOf(key) }));
        await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      }
    },
  };
}
