import { type NextRequest, NextResponse } from "next/server";

/**
 * A Content Security Policy with a fresh nonce per page: Next puts the nonce on its own scripts (it reads
 * it from the request's CSP header), so no other script can run, not even one injected into a page.
 * Styles allow 'unsafe-inline' for style attributes that React renders; style cannot run script.
 * API routes get their (static) security headers from next.config.ts.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const dev = process.env.NODE_ENV === "development";
  const github = process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET ? " https://github.com" : "";
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data: https://avatars.githubusercontent.com",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // Sign-in with GitHub leaves through a form post that redirects there, and so does the OAuth consent
    // form to the client's redirect URI (checked against its registration before any redirect).
    `form-action 'self'${github}${consentRedirectOrigin(request)}`,
    "frame-ancestors 'none'",
  ].join("; ");

  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

function consentRedirectOrigin(request: NextRequest): string {
  if (request.nextUrl.pathname !== "/oauth/authorize") return "";
  try {
    const target = new URL(request.nextUrl.searchParams.get("redirect_uri") ?? "");
    return target.protocol === "https:" || target.protocol === "http:" ? ` ${target.origin}` : "";
  } catch {
    return "";
  }
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
