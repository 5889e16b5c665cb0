/**
 * Only same-site paths: an open redirect after sign-in would be a phishing aid. Browsers read `\` as `/`,
 * so `/\evil.example` is as foreign as `//evil.example`; control characters are refused too.
 */
export function safeCallback(path: string | undefined | null): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  const safe = path?.startsWith("/") && !path.startsWith("//") && !/[\\\u0000-\u001f\u007f]/.test(path);
  return safe && path ? path : "/rooms";
}
