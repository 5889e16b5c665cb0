/**
 * The client's address as the nearest proxy saw it: Next's server sets x-forwarded-for to the socket's
 * address when no proxy did. Behind a proxy it is that proxy's first entry, which a client can forge:
 * limits keyed on it are best-effort, the per-account ones are not.
 */
export function clientAddress(req: { headers: Headers }): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || "unknown";
}
