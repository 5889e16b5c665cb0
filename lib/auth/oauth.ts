import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { AuthenticatedAgent } from "@/lib/auth/agent-identity";
import { findClient } from "@/lib/auth/oauth-clients";
import { ACCESS_PREFIX, OAuthError, random, sha256 } from "@/lib/auth/oauth-core";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { takeAgentOffline } from "@/lib/realtime/presence";
import { recordAudit } from "@/lib/review/audit";

/**
 * Parley's OAuth 2.1 authorization server for MCP clients: authorization code with PKCE (S256 only),
 * dynamic client registration (RFC 7591) and Client ID Metadata Documents, exact redirect URIs,
 * short-lived opaque access tokens bound to the MCP endpoint, rotating refresh tokens, revocation.
 * Tokens and codes are random strings stored as SHA-256 hashes, so a revoked grant stops a client at
 * once and a database leak yields nothing usable.
 */

const REFRESH_PREFIX = "prt_";
const CODE_TTL_MS = 60_000;

export const issuerOf = (origin: string) => env.PUBLIC_URL ?? origin;
export const mcpResourceOf = (origin: string) => `${issuerOf(origin)}/api/mcp`;
export const resourceMetadataUrlOf = (origin: string) =>
  `${issuerOf(origin)}/.well-known/oauth-protected-resource/api/mcp`;

export function protectedResourceMetadata(origin: string) {
  return {
    resource: mcpResourceOf(origin),
    authorization_servers: [issuerOf(origin)],
    bearer_methods_supported: ["header"],
    resource_name: "Parley",
  };
}

export function authorizationServerMetadata(origin: string) {
  const issuer = issuerOf(origin);
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/api/oauth/token`,
    registration_endpoint: `${issuer}/api/oauth/register`,
    revocation_endpoint: `${issuer}/api/oauth/revoke`,
    response_types_supported: ["code"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: ["none", "client_secret_post"],
    revocation_endpoint_auth_methods_supported: ["none", "client_secret_post"],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
  };
}

// ---- authorization ----

export type AuthorizationRequest = {
  clientId: string;
  clientName: string;
  redirectUri: string;
  codeChallenge: string;
  state?: string;
  scope?: string;
  resource: string;
};

/** Errors the client must not be redirected for (unknown client, unregistered redirect URI): shown to the person. */
export class AuthorizationPageError extends Error {}

/**
 * Checks an authorization request. Client and redirect URI problems throw AuthorizationPageError (no
 * redirect to an unverified URI); everything else throws OAuthError to be sent back to the redirect URI.
 */
export async function validateAuthorizationRequest(
  params: Record<string, string | undefined>,
  origin: string,
): Promise<AuthorizationRequest> {
  const client = params.client_id ? await findClient(params.client_id, { resolveDocument: true }) : null;
  if (!client) throw new AuthorizationPageError("This application is not registered with Parley.");
  const redirectUri = params.redirect_uri ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    throw new AuthorizationPageError("The application asked to return to an address it did not register.");
  }
  const request = {
    clientId: client.id,
    clientName: client.name ?? client.id,
    redirectUri,
    state: params.state,
    scope: params.scope,
  };
  if (params.response_type !== "code")
    throw new OAuthError("unsupported_response_type", "Only response_type=code is supported");
  if (!params.code_challenge || params.code_challenge_method !== "S256") {
    throw new OAuthError("invalid_request", "PKCE with code_challenge_method=S256 is required");
  }
  const resource = params.resource ?? mcpResourceOf(origin);
  if (!sameResource(resource, mcpResourceOf(origin)))
    throw new OAuthError("invalid_target", `Tokens can only be issued for ${mcpResourceOf(origin)}`);
  return { ...request, codeChallenge: params.code_challenge, resource: mcpResourceOf(origin) };
}

const sameResource = (a: string, b: string) => a.replace(/\/+$/, "") === b.replace(/\/+$/, "");

export function errorRedirect(
  request: Pick<AuthorizationRequest, "redirectUri" | "state">,
  error: OAuthError,
  origin: string,
): string {
  const url = new URL(request.redirectUri);
  url.searchParams.set("error", error.error);
  url.searchParams.set("error_description", error.description);
  if (request.state) url.searchParams.set("state", request.state);
  url.searchParams.set("iss", issuerOf(origin));
  return url.toString();
}

async function createGrant(data: { clientId: string; userId: string; agentId: string; scope?: string }) {
  const grant = await db.oAuthGrant.create({ data });
  await recordAudit({
    action: "oauth.grant_created",
    actorUserId: data.userId,
    targetType: "oauth_grant",
    targetId: grant.id,
    meta: { clientId: data.clientId, agentId: data.agentId },
  });
  return grant;
}

/** The person approved: record (or reuse) the grant, and send the client back with a one-time code. */
export async function approve({
  request,
  userId,
  agentId,
  origin,
}: {
  request: AuthorizationRequest;
  userId: string;
  agentId: string;
  origin: string;
}) {
  const grant =
    (await db.oAuthGrant.findFirst({ where: { clientId: request.clientId, userId, agentId, revokedAt: null } })) ??
    (await createGrant({ clientId: request.clientId, userId, agentId, scope: request.scope }));
  const code = random();
  await db.oAuthCode.create({
    data: {
      codeHash: sha256(code),
      grantId: grant.id,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      resource: request.resource,
      expiresAt: new Date(Date.now() + CODE_TTL_MS),
    },
  });
  const url = new URL(request.redirectUri);
  url.searchParams.set("code", code);
  if (request.state) url.searchParams.set("state", request.state);
  url.searchParams.set("iss", issuerOf(origin));
  return url.toString();
}

// ---- tokens ----

async function authenticateClient(form: URLSearchParams) {
  const clientId = form.get("client_id");
  const client = clientId ? await findClient(clientId) : null;
  if (!client) throw new OAuthError("invalid_client", "Unknown client", 401);
  if (client.secretHash) {
    const secret = form.get("client_secret") ?? "";
    const given = Buffer.from(sha256(secret));
    if (!timingSafeEqual(given, Buffer.from(client.secretHash)))
      throw new OAuthError("invalid_client", "Wrong client secret", 401);
  }
  return client;
}

async function issueTokens(grantId: string, resource: string) {
  const access = random(ACCESS_PREFIX);
  const refresh = random(REFRESH_PREFIX);
  const now = Date.now();
  await db.oAuthToken.createMany({
    data: [
      {
        tokenHash: sha256(access),
        kind: "ACCESS",
        grantId,
        resource,
        expiresAt: new Date(now + env.OAUTH_ACCESS_TOKEN_TTL_SECONDS * 1000),
      },
      {
        tokenHash: sha256(refresh),
        kind: "REFRESH",
        grantId,
        resource,
        expiresAt: new Date(now + env.OAUTH_REFRESH_TOKEN_TTL_DAYS * 86_400_000),
      },
    ],
  });
  return {
    access_token: access,
    token_type: "Bearer",
    expires_in: env.OAUTH_ACCESS_TOKEN_TTL_SECONDS,
    refresh_token: refresh,
  };
}

async function revokeGrantTokens(grantId: string, client: Pick<typeof db, "oAuthToken"> = db) {
  await client.oAuthToken.updateMany({ where: { grantId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Why a grant ended: the person disconnected it, or Parley did because a one-time secret came back. */
export type GrantEndReason = "disconnected" | "code_reused" | "refresh_token_reused";

/**
 * Ends a live grant and every token issued under it, with the reason and an audit entry, in one
 * transaction. False when there was no such live grant (`userId` restricts it to that person's).
 */
async function endGrant({ grantId, reason, userId }: { grantId: string; reason: GrantEndReason; userId?: string }) {
  const ended = await db.$transaction(async (tx) => {
    const [grant] = await tx.oAuthGrant.updateManyAndReturn({
      where: { id: grantId, userId, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason },
      select: { agentId: true },
    });
    if (!grant) return null;
    await revokeGrantTokens(grantId, tx);
    await recordAudit(
      {
        action: "oauth.grant_revoked",
        actorUserId: userId ?? null,
        targetType: "oauth_grant",
        targetId: grantId,
        meta: { reason },
      },
      tx,
    );
    return grant;
  });
  // Its agent shows offline at once, and a wait it has in flight can no longer claim anything.
  if (ended) await takeAgentOffline(ended.agentId);
  return ended !== null;
}

const verifierMatches = (verifier: string, challenge: string) =>
  /^[A-Za-z0-9._~-]{43,128}$/.test(verifier) && createHash("sha256").update(verifier).digest("base64url") === challenge;

/** The token endpoint: authorization_code (with PKCE) and refresh_token (rotating) grants. */
export async function exchangeToken(form: URLSearchParams, origin: string) {
  const client = await authenticateClient(form);
  const grantType = form.get("grant_type");
  const requested = form.get("resource");
  if (requested && !sameResource(requested, mcpResourceOf(origin)))
    throw new OAuthError("invalid_target", `Tokens can only be issued for ${mcpResourceOf(origin)}`);

  if (grantType === "authorization_code") {
    const code = await db.oAuthCode.findUnique({
      where: { codeHash: sha256(form.get("code") ?? "") },
      include: { grant: true },
    });
    if (!code || code.grant.clientId !== client.id) throw new OAuthError("invalid_grant", "Unknown authorization code");
    if (code.usedAt) {
      // A replayed code may be stolen: the grant ends, with whatever it produced.
      await endGrant({ grantId: code.grantId, reason: "code_reused" });
      throw new OAuthError("invalid_grant", "This authorization code was already used");
    }
    const { count } = await db.oAuthCode.updateMany({
      where: { codeHash: code.codeHash, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (count === 0) throw new OAuthError("invalid_grant", "This authorization code was already used");
    if (code.expiresAt < new Date()) throw new OAuthError("invalid_grant", "The authorization code expired");
    if (form.get("redirect_uri") !== code.redirectUri)
      throw new OAuthError("invalid_grant", "redirect_uri does not match the authorization request");
    if (!verifierMatches(form.get("code_verifier") ?? "", code.codeChallenge))
      throw new OAuthError("invalid_grant", "PKCE verification failed");
    if (code.grant.revokedAt) throw new OAuthError("invalid_grant", "The grant was revoked");
    return issueTokens(code.grantId, code.resource);
  }

  if (grantType === "refresh_token") {
    const token = await db.oAuthToken.findUnique({
      where: { tokenHash: sha256(form.get("refresh_token") ?? "") },
      include: { grant: true },
    });
    if (token?.kind !== "REFRESH" || token.grant.clientId !== client.id)
      throw new OAuthError("invalid_grant", "Unknown refresh token");
    if (token.revokedAt) {
      // A rotated-out refresh token came back: someone holds a copy. End the whole grant.
      await endGrant({ grantId: token.grantId, reason: "refresh_token_reused" });
      throw new OAuthError("invalid_grant", "This refresh token was already used or revoked");
    }
    if (token.expiresAt < new Date() || token.grant.revokedAt)
      throw new OAuthError("invalid_grant", "The refresh token expired or its grant was revoked");
    const { count } = await db.oAuthToken.updateMany({
      where: { tokenHash: token.tokenHash, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new OAuthError("invalid_grant", "This refresh token was already used");
    return issueTokens(token.grantId, token.resource);
  }

  throw new OAuthError("unsupported_grant_type", "Use authorization_code or refresh_token");
}

/** RFC 7009: revoking an unknown token is not an error. */
export async function revokeOAuthToken(form: URLSearchParams) {
  const client = await authenticateClient(form);
  const token = await db.oAuthToken.findUnique({
    where: { tokenHash: sha256(form.get("token") ?? "") },
    include: { grant: true },
  });
  if (!token || token.grant.clientId !== client.id) return;
  // Revoking a refresh token ends the grant's access too.
  if (token.kind === "REFRESH") await revokeGrantTokens(token.grantId);
  else await db.oAuthToken.update({ where: { tokenHash: token.tokenHash }, data: { revokedAt: new Date() } });
}

/** The agent an OAuth access token acts as, if it is live and meant for `resource`. */
export async function authenticateOAuthToken(token: string, resource: string): Promise<AuthenticatedAgent | null> {
  const row = await db.oAuthToken.findUnique({
    where: { tokenHash: sha256(token) },
    include: { grant: { include: { agent: true } } },
  });
  if (row?.kind !== "ACCESS" || row.revokedAt || row.grant.revokedAt || row.expiresAt < new Date()) return null;
  if (!sameResource(row.resource, resource)) return null;
  // A deleted agent answers to nothing, as with its tokens (lib/agents/agents authenticateAgent).
  if (row.grant.agent.deletedAt) return null;
  if (!row.grant.lastUsedAt || Date.now() - row.grant.lastUsedAt.getTime() > 60_000) {
    await db.oAuthGrant.update({ where: { id: row.grantId }, data: { lastUsedAt: new Date() } });
  }
  const { agent } = row.grant;
  return { id: agent.id, name: agent.name, ownerId: agent.ownerId };
}

// ---- grants, as people see them ----

// Grants that Parley ended stay on the person's list this long, saying why; disconnected ones leave it.
const ENDED_SHOWN_MS = 30 * 86_400_000;

export async function listGrants(userId: string) {
  const grants = await db.oAuthGrant.findMany({
    where: {
      userId,
      OR: [
        { revokedAt: null },
        {
          revokedReason: { in: ["code_reused", "refresh_token_reused"] },
          revokedAt: { gt: new Date(Date.now() - ENDED_SHOWN_MS) },
        },
      ],
    },
    include: { client: { select: { id: true, name: true } }, agent: { select: { id: true, name: true } } },
    orderBy: { createdAt: "desc" },
  });
  return grants.map((g) => ({
    id: g.id,
    client: { id: g.client.id, name: g.client.name ?? g.client.id },
    agent: g.agent,
    createdAt: g.createdAt.toISOString(),
    lastUsedAt: g.lastUsedAt?.toISOString() ?? null,
    endedAt: g.revokedAt?.toISOString() ?? null,
    endedBecause: (g.revokedReason as GrantEndReason | null) ?? null,
  }));
}

/** Stops the client at once: the grant and every token issued under it are revoked. */
export async function revokeGrant({ userId, grantId }: { userId: string; grantId: string }) {
  return endGrant({ grantId, userId, reason: "disconnected" });
}
