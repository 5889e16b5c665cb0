// A small HTTP client for Parley with a cookie jar: signs up and in through the real Auth.js routes.
// Used by integration tests, e2e fixtures and benchmarks.

export class ParleyClient {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader());
    const res = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: "manual" });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** JSON request; returns status and parsed body without throwing on HTTP errors. */
  async json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> {
    const res = await this.fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json", origin: this.baseUrl },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  }

  async signUp(user: { email: string; password: string; name: string }) {
    const res = await this.json("POST", "/api/auth/register", user);
    if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
    await this.signIn(user);
    return res.body.user as { id: string; email: string; name: string; role: string };
  }

  async signIn({ email, password }: { email: string; password: string }): Promise<void> {
    const { body } = await this.json<{ csrfToken: string }>("GET", "/api/auth/csrf");
    const res = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken: body.csrfToken, callbackUrl: this.baseUrl }),
    });
    if (res.status >= 400 || !this.hasSession()) throw new Error(`sign-in failed for ${email} (${res.status})`);
  }

  /** Signs out through Auth.js, as the sign-out button does. */
  async signOut(): Promise<void> {
    const { body } = await this.json<{ csrfToken: string }>("GET", "/api/auth/csrf");
    const res = await this.fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: body.csrfToken, callbackUrl: this.baseUrl }),
    });
    if (res.status >= 400 || this.hasSession()) throw new Error(`sign-out failed (${res.status})`);
  }

  /** The jar as a Cookie header, for callers that make their own requests (benchmarks' lean HTTP client). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  hasSession(): boolean {
    return [...this.cookies.keys()].some((name) => name.endsWith("authjs.session-token"));
  }
}

let counter = 0;
export function uniqueUser(prefix = "user") {
  const id = `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { email: `${id}@example.test`, password: "correct horse battery", name: prefix };
}
