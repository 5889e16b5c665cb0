import sharp from "sharp";
import type { ParleyClient } from "../scripts/lib/parley-client";

/** A small PNG of one colour. */
export const png = (width = 64, height = 48, background = "#3366cc") =>
  sharp({ create: { width, height, channels: 3, background } }).png().toBuffer();

/** Uploads `bytes` as `name` to the room (multipart, as the composer sends it): status and body. */
export async function upload(client: ParleyClient, roomId: string, name: string, bytes: Uint8Array, type = "application/octet-stream") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await client.fetch(`/api/rooms/${roomId}/attachments`, { method: "POST", body: form, headers: { origin: client.baseUrl } });
  return { status: res.status, body: await res.json() };
}
