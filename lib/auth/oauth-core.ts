import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** What the OAuth server's modules share: token prefixes, hashing, random values and the error response. */

export const ACCESS_PREFIX = "pat_";
export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
export const random = (prefix = "") => prefix + randomBytes(32).toString("base64url");

/** An OAuth error response: `{ error, error_description }`. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
  toResponse(): Response {
    return Response.json(
      { error: this.error, error_description: this.description },
      { status: this.status, headers: { "cache-control": "no-store" } },
    );
  }
}
