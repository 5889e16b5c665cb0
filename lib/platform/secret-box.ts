import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/platform/env";
import { AppError } from "@/lib/platform/errors";

/**
 * Secrets Parley must use again later (an agent's own model API key): AES-256-GCM under a key derived
 * from AUTH_SECRET, so a database dump alone does not give them away. Sealed text is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */

function key(): Buffer {
  if (!env.AUTH_SECRET) throw new AppError("unprocessable", "Set AUTH_SECRET to store secrets (npm start sets one)");
  return Buffer.from(hkdfSync("sha256", env.AUTH_SECRET, "parley", "parley secret box v1", 32));
}

export function seal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function open(sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new Error("Not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
