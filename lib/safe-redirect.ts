/** Only same-site paths: an open redirect after sign-in would be a phishing aid. */
export function safeCallback(path: string | undefined | null): string {
  return path?.startsWith("/") && !path.startsWith("//") ? path : "/rooms";
}
