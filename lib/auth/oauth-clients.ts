import "server-only";
import { randomBytes } from "node:crypto";
import { OAuthClientMetadataSchema } from "@modelcontextprotocol/core";
import { OAuthError, random, sha256 } from "@/lib/auth/oauth-core";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { outboundRequest } from "@/lib/platform/outbound";
import { createRateLimiter } from "@/lib/platform/rate-limit";
import { isStorableText } from "@/lib/platform/schemas";

/**
 * OAuth clients: registered dynamically (RFC 7591), or known by the https URL of their Client ID Metadata
 * Document, fetched once when a signed-in person is asked to approve them.
 */

/** Loopback redirects may be http (native apps); everything else must be https. */
function acceptableRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    if (url.hash) return false;
    return (
      url.protocol === "https:" ||
      (url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname))
    );
  } catch {
    return false;
  }
}

function parseClientMetadata(input: unknown) {
  const parsed = OAuthClientMetadataSchema.safeParse(input);
  if (!parsed.success)
    throw new OAuthError(
      "invalid_client_metadata",
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    );
  const metadata = parsed.data;
  if (metadata.redirect_uris.length === 0 || !metadata.redirect_uris.every(acceptableRedirect)) {
    throw new OAuthError(
      "invalid_redirect_uri",
      "redirect_uris must be https URLs (or http on localhost) without fragments",
    );
  }
  const method = metadata.token_endpoint_auth_method ?? "none";
  if (!["none", "client_secret_post"].includes(method)) {
    throw new OAuthError("invalid_client_metadata", `token_endpoint_auth_method ${method} is not supported`);
  }
  return { ...metadata, token_endpoint_auth_method: method };
}

/** RFC 7591 dynamic client registration. */
// Registration needs no account: a budget per address keeps it from filling the table.
const registrations = createRateLimiter({ name: "oauth_register", perMinute: 20 });

export async function registerClient(input: unknown, { address }: { address: string }) {
  await registrations(address, "client registrations");
  const metadata = parseClientMetadata(input);
  const clientId = `pc_${randomBytes(16).toString("base64url")}`;
  const secret = metadata.token_endpoint_auth_method === "client_secret_post" ? random("pcs_") : undefined;
  await db.oAuthClient.create({
    data: {
      id: clientId,
      name: metadata.client_name,
      redirectUris: metadata.redirect_uris,
      secretHash: secret && sha256(secret),
      metadata,
    },
  });
  return {
    ...metadata,
    client_id: clientId,
    client_id_issued_at: Math.floor(Date.now() / 1000),
    ...(secret && { client_secret: secret, client_secret_expires_at: 0 }),
  };
}

/**
 * A client by id. An https URL is a Client ID Metadata Document: fetched, checked to name itself, and
 * cached as a client row.
 */
export async function findClient(clientId: string, { resolveDocument = false } = {}) {
  if (!isStorableText(clientId)) return null; // no row has such an id, and the database would refuse to compare it
  const known = await db.oAuthClient.findUnique({ where: { id: clientId } });
  if (known || !resolveDocument || !isMetadataDocumentId(clientId)) return known;
  const document = await fetchMetadataDocument(clientId);
  if ((document as { client_id?: unknown } | null)?.client_id !== clientId) return null;
  let metadata: ReturnType<typeof parseClientMetadata>;
  try {
    metadata = parseClientMetadata({ ...(document as object), token_endpoint_auth_method: "none" });
  } catch {
    return null; // an invalid document is an unknown client: nothing of it is trusted, not even a redirect URI
  }
  return db.oAuthClient.upsert({
    where: { id: clientId },
    create: { id: clientId, name: metadata.client_name, redirectUris: metadata.redirect_uris, metadata },
    update: { name: metadata.client_name, redirectUris: metadata.redirect_uris, metadata },
  });
}

const MAX_DOCUMENT_BYTES = 5 * 1024;

/**
 * Fetches a Client ID Metadata Document: small, JSON, never from this server's own network (the URL is
 * chosen by whoever sends the authorization request).
 */
async function fetchMetadataDocument(url: string): Promise<unknown> {
  try {
    const res = await outboundRequest(url, {
      headers: { accept: "application/json" },
      timeoutMs: 5000,
      maxBytes: MAX_DOCUMENT_BYTES,
      allowHost: () => env.OAUTH_ALLOW_HTTP_CLIENT_IDS,
    });
    return res.status === 200 ? JSON.parse(res.body) : null;
  } catch {
    return null;
  }
}

function isMetadataDocumentId(clientId: string): boolean {
  try {
    const url = new URL(clientId);
    return (
      url.pathname !== "/" &&
      (url.protocol === "https:" || (env.OAUTH_ALLOW_HTTP_CLIENT_IDS && url.protocol === "http:"))
    );
  } catch {
    return false;
  }
}
