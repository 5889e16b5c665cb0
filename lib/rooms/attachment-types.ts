import "server-only";
import { fileTypeFromBuffer } from "file-type";

/**
 * What a file is, from its bytes (never its name), and how Parley serves it. Raster images and plain text
 * are shown in the page; everything else, and always what a browser would run (HTML, SVG, XML), is a
 * download. Programs and unknown binaries are refused.
 */

const RASTER_IMAGES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp"]);

const ACCEPTED = [
  ...RASTER_IMAGES,
  "application/pdf",
  "application/zip",
  "application/gzip",
  "application/x-tar",
  "application/x-7z-compressed",
  "application/x-bzip2",
  "application/x-xz",
  "application/x-cfb", // older Office documents
  "application/rtf",
  "application/epub+zip",
  "text/plain",
  "text/html",
  "image/svg+xml",
  "application/xml",
];
const ACCEPTED_PREFIXES = [
  "audio/",
  "video/",
  "application/vnd.openxmlformats-officedocument.",
  "application/vnd.oasis.opendocument.",
  "application/vnd.ms-",
];

export const isRasterImage = (type: string) => RASTER_IMAGES.has(type);

/** Shown in the page (a raster image, plain text) rather than downloaded. */
export const servedInline = (type: string) => isRasterImage(type) || type === "text/plain";

/** The type of `bytes` as sniffed, or null when Parley does not take such files. */
export async function sniffType(bytes: Uint8Array): Promise<string | null> {
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected?.mime ?? textType(bytes);
  if (!type) return null;
  return ACCEPTED.includes(type) || ACCEPTED_PREFIXES.some((p) => type.startsWith(p)) ? type : null;
}

/** Text (UTF-8 without NUL), told apart from markup a browser would run; null for binary. */
function textType(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, 64 * 1024));
  } catch {
    // Cut in the middle of a character at 64 KB is still text.
    if (bytes.length <= 64 * 1024) return null;
    text = new TextDecoder("utf-8").decode(bytes.subarray(0, 64 * 1024 - 4));
  }
  const start = text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 1024)
    .toLowerCase();
  if (start.startsWith("<")) {
    if (start.includes("<svg")) return "image/svg+xml";
    if (start.startsWith("<?xml")) return "application/xml";
    return "text/html";
  }
  return "text/plain";
}

/** Whether a sniffed type is text an agent can read as such. */
export const isText = (type: string) =>
  type === "text/plain" || type === "text/html" || type === "image/svg+xml" || type === "application/xml";
