import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { metrics } from "@/lib/platform/metrics";

const scryptAsync = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

// scrypt with per-password salt; parameters are stored with the hash so they can be raised later.
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 64;
const MAX_MEMORY = 64 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, keylen: number, params: { N: number; r: number; p: number }): Promise<Buffer> {
  metrics.passwordHashes.inc();
  return scryptAsync(password, salt, keylen, { ...params, maxmem: MAX_MEMORY });
}

const encode = (salt: Buffer, key: Buffer) =>
  ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64"), key.toString("base64")].join("$");

// Checked when no account (or no password) matches, so that an unknown email costs the same hash as a wrong
// password: otherwise answer times tell which emails have accounts. Same parameters; it never matches.
const NO_PASSWORD = encode(Buffer.alloc(16), Buffer.alloc(KEY_LENGTH));

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return encode(salt, await scrypt(password, salt, KEY_LENGTH, PARAMS));
}

/** Whether `password` matches `stored`; without a stored hash it costs the same and is false. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = (stored || NO_PASSWORD).split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await scrypt(password, Buffer.from(salt, "base64"), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return Boolean(stored) && timingSafeEqual(key, expected);
}
