import "server-only";
import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { env } from "@/lib/platform/env";

/**
 * Where attachments' bytes live: files on local disk (the default, beside the embedded database's data) or
 * S3-compatible object storage (lib/platform/storage-s3), chosen by STORAGE_URL. Keys are Parley's own
 * (random ids), never names people chose.
 */
export type Storage = {
  put(key: string, bytes: Uint8Array, type: string): Promise<void>;
  /** The object's bytes as a stream; null when there is none. */
  get(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** Removes the objects (those already gone are no error). */
  remove(keys: string[]): Promise<void>;
};

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function checkKey(key: string): string {
  if (!SAFE_KEY.test(key)) throw new Error(`Not a storage key: ${key}`);
  return key;
}

/** Files in one directory, written to a temporary name first so a reader never sees half a file. */
export function diskStorage(dir: string): Storage {
  const file = (key: string) => path.join(dir, checkKey(key));
  let made: Promise<unknown> | undefined;
  return {
    async put(key, bytes) {
      await (made ??= mkdir(dir, { recursive: true }));
      const temporary = `${file(key)}.${process.pid}.partial`;
      await writeFile(temporary, bytes);
      await rename(temporary, file(key));
    },
    async get(key) {
      const where = file(key);
      if (!(await stat(where).catch(() => null))) return null;
      return Readable.toWeb(createReadStream(where)) as ReadableStream<Uint8Array>;
    },
    async remove(keys) {
      await Promise.all(keys.map((key) => rm(file(key), { force: true })));
    },
  };
}

/** Where STORAGE_URL points: `s3://bucket/prefix`, `file:///path`, a path, or .data/files when unset. */
export function storageTarget(url = env.STORAGE_URL): { kind: "s3"; bucket: string; prefix: string } | { kind: "disk"; dir: string } {
  if (url?.startsWith("s3://")) {
    const { host: bucket, pathname } = new URL(url);
    const prefix = pathname.replace(/^\/+|\/+$/g, "");
    return { kind: "s3", bucket, prefix: prefix ? `${prefix}/` : "" };
  }
  // turbopackIgnore: a runtime directory, not a file of the build to trace.
  if (url?.startsWith("file:")) return { kind: "disk", dir: fileURLToPath(/*turbopackIgnore: true*/ url) };
  return { kind: "disk", dir: path.resolve(/*turbopackIgnore: true*/ url ?? path.join(process.cwd(), ".data", "files")) };
}

const globalStorage = globalThis as unknown as { parleyStorage?: Promise<Storage> };

/** The process's storage, made on first use (the S3 client is loaded only when it is the one). */
export function storage(): Promise<Storage> {
  globalStorage.parleyStorage ??= (async () => {
    const target = storageTarget();
    if (target.kind === "disk") return diskStorage(target.dir);
    const { s3Storage } = await import("@/lib/platform/storage-s3");
    return s3Storage(target);
  })();
  return globalStorage.parleyStorage;
}
