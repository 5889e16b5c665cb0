import "server-only";
import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Requests to URLs that someone else chose: webhook receivers, OAuth Client ID Metadata Documents. They must
 * not reach into this server's own network (loopback, link-local such as cloud metadata at 169.254.169.254,
 * private and unique-local ranges), or they become a scanner of it. Names are checked on the very addresses
 * the socket connects to (the check is its resolver), so a name that resolves inside later, or only on the
 * second lookup (DNS rebinding), is refused too. Redirects are never followed. Hosts an operator names
 * (`allowHost`) skip the check: receivers on the same network.
 */

const internal = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata endpoints
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3], // multicast, reserved, broadcast
] as const) {
  internal.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 96], // unspecified, loopback and IPv4-compatible; IPv4-mapped ones are checked as IPv4
  ["64:ff9b::", 96], // NAT64: an IPv4 address behind a translator
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routed by some)
  ["ff00::", 8], // multicast
] as const) {
  internal.addSubnet(network, prefix, "ipv6");
}

export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && internal.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** The request went nowhere: its target is inside this server's network. */
export class OutboundRefused extends Error {
  override name = "OutboundRefused";
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export type OutboundGuard = {
  /** Hosts (names or addresses, as in the URL) that may be internal. */
  allowHost?: (hostname: string) => boolean;
  /** Name resolution; the system's by default (tests inject their own). */
  resolve?: Resolver;
};

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true });

/** A URL's host as addresses are written: without IPv6 brackets, lower case. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "").toLowerCase();

/** A list of hosts (from configuration) as an `allowHost` check; IPv6 addresses with or without brackets. */
export function allowHosts(hosts: readonly string[]): (hostname: string) => boolean {
  const allowed = new Set(hosts.map((h) => h.replace(/^\[|\]$/g, "").toLowerCase()));
  return (hostname) => allowed.has(hostname);
}

function refused(host: string, address: string): OutboundRefused {
  const resolved = host === address ? host : `${host} resolves to ${address}, which`;
  return new OutboundRefused(`Refused: ${resolved} is an internal address (loopback, link-local or private)`);
}

// Sockets never resolve address literals: they are checked as written.
function refuseInternalLiteral(host: string): void {
  if (isInternalAddress(host)) throw refused(host, host);
}

/** The addresses `host` resolves to; OutboundRefused if any of them is internal. */
async function publicAddresses(host: string, resolve: Resolver): Promise<LookupAddress[]> {
  const addresses = await resolve(host);
  const inside = addresses.find((a) => isInternalAddress(a.address));
  if (inside) throw refused(host, inside.address);
  if (addresses.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: "ENOTFOUND" });
  return addresses;
}

/** A socket resolver that fails for internal addresses: the addresses it checks are the ones connected to. */
function checkedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    publicAddresses(hostname, resolve).then(
      (addresses) =>
        options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family),
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
}

/**
 * Refuses (OutboundRefused) a URL whose host is, or now resolves to, an internal address, for checking a
 * URL when it is saved. A name that does not resolve yet passes: it is checked again at every request.
 */
export async function assertPublicUrl(url: string, { allowHost, resolve = systemResolver }: OutboundGuard = {}): Promise<void> {
  const host = hostOf(new URL(url));
  if (allowHost?.(host)) return;
  if (isIP(host)) return refuseInternalLiteral(host);
  await publicAddresses(host, resolve).catch((err) => {
    if (err instanceof OutboundRefused) throw err;
  });
}

export type OutboundResponse = { status: number; headers: IncomingHttpHeaders; body: string };

/**
 * One HTTP(S) request to a URL someone else chose, guarded as above, on a connection of its own. The
 * response body is read up to `maxBytes` (more fails the request); with 0 it is not read at all.
 */
export function outboundRequest(
  url: string,
  {
    method = "GET",
    headers = {},
    body,
    timeoutMs,
    maxBytes = 0,
    allowHost,
    resolve = systemResolver,
  }: OutboundGuard & { method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number; maxBytes?: number },
): Promise<OutboundResponse> {
  return new Promise((settle, fail) => {
    const target = new URL(url);
    const host = hostOf(target);
    const allowed = allowHost?.(host) ?? false;
    if (!allowed && isIP(host)) refuseInternalLiteral(host);
    const client = target.protocol === "https:" ? https : target.protocol === "http:" ? http : null;
    if (!client) throw new OutboundRefused(`Refused: ${target.protocol} URLs`);
    const request = client.request(target, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
      // No pooled connections: each request resolves, checks and connects anew.
      agent: false,
      lookup: allowed ? undefined : checkedLookup(resolve),
      signal: AbortSignal.timeout(timeoutMs),
    });
    request.on("error", fail);
    request.on("response", (response) => {
      const done = { status: response.statusCode ?? 0, headers: response.headers };
      if (maxBytes === 0) {
        response.destroy();
        return settle({ ...done, body: "" });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) response.destroy(new Error(`The response is larger than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      response.on("error", fail);
      response.on("end", () => settle({ ...done, body: Buffer.concat(chunks).toString("utf8") }));
    });
    request.end(body);
  });
}
