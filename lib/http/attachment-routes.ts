import "server-only";
import { json, memberRoute, readBytes, userRoute } from "@/lib/http/routes";
import { AppError } from "@/lib/platform/errors";
import { servedInline } from "@/lib/rooms/attachment-types";
import {
  type AttachmentRow,
  attachmentForUser,
  attachmentMaxBytes,
  openAttachment,
  storeAttachment,
  tooLarge,
} from "@/lib/rooms/attachments";

/**
 * Files: POST /api/rooms/:roomId/attachments (multipart, one file in the field `file`) and the bytes at
 * GET /api/attachments/:attachmentId[/thumbnail], for the room's present members only.
 */

// Room for the multipart framing around the file (boundaries, headers, the file's name).
const MULTIPART_OVERHEAD = 64 * 1024;

export const uploadToRoom = memberRoute<{ roomId: string }>(async ({ req, membership }) => {
  const file = await readUploadedFile(req);
  const attachment = await storeAttachment({
    roomId: membership.roomId,
    uploaderId: membership.participant.id,
    userId: membership.participant.userId,
    name: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  return json({ attachment }, 201);
});

/** The one file of a multipart body, read no further than the size limit allows (413 beyond). */
async function readUploadedFile(req: Request): Promise<File> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data;/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the file as multipart/form-data, in a field named “file”");
  }
  const bytes = await readBytes(req, attachmentMaxBytes() + MULTIPART_OVERHEAD, tooLarge);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("bad_request", "The multipart body could not be read");
  }
  const file = form.get("file");
  if (!(file instanceof File))
    throw new AppError("unprocessable", "Send one file in the field “file”", { fields: { file: ["Required"] } });
  return file;
}

type Params = { attachmentId: string };

export const downloadAttachment = userRoute<Params>(async ({ params, user }) =>
  fileResponse(await attachmentForUser({ attachmentId: params.attachmentId, userId: user.id }), "file"),
);

export const downloadThumbnail = userRoute<Params>(async ({ params, user }) =>
  fileResponse(await attachmentForUser({ attachmentId: params.attachmentId, userId: user.id }), "thumbnail"),
);

/**
 * The bytes with the headers that keep them inert: the type Parley sniffed, nosniff, a sandboxing policy, and
 * Content-Disposition, `inline` only for raster images and plain text (anything a browser would run, such as
 * HTML or SVG, is always a download).
 */
async function fileResponse(row: AttachmentRow, which: "file" | "thumbnail"): Promise<Response> {
  const body = await openAttachment(row, which);
  const thumbnail = which === "thumbnail";
  const inline = thumbnail || servedInline(row.type);
  const type = thumbnail
    ? "image/webp"
    : row.type === "text/plain"
      ? "text/plain; charset=utf-8"
      : inline
        ? row.type
        : "application/octet-stream";
  const name = thumbnail ? `${row.name.replace(/\.[^.]*$/, "")}-thumbnail.webp` : row.name;
  return new Response(body, {
    headers: {
      "content-type": type,
      ...(thumbnail ? {} : { "content-length": String(row.size) }),
      "content-disposition": contentDisposition(inline ? "inline" : "attachment", name),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
      "cross-origin-resource-policy": "same-origin",
      // The person's browser may keep it; shared caches may not.
      "cache-control": "private, max-age=86400",
    },
  });
}

/** RFC 6266: an ASCII fallback name, and the real one in UTF-8 (RFC 5987). */
function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
