import "server-only";
import sharp from "sharp";

/** What Parley does with the pixels of an uploaded image: its size, a thumbnail, a copy small enough for a model. */

// A decompression bomb (a small file of billions of pixels) is refused rather than decoded.
const MAX_PIXELS = 50_000_000;
const THUMBNAIL_EDGE = 480;

export type ImageFacts = { width: number; height: number; thumbnail: Buffer };

/** The image's size (as shown, after its EXIF orientation) and a WebP thumbnail; null when it cannot be decoded. */
export async function readImage(bytes: Uint8Array): Promise<ImageFacts | null> {
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, animated: false });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) return null;
    const turned = (meta.orientation ?? 1) >= 5;
    const thumbnail = await image
      .rotate()
      .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return { width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height, thumbnail };
  } catch {
    return null;
  }
}

/** A PNG or JPEG copy whose longest edge is at most `edge` pixels, for a model that takes images of limited size. */
export async function shrinkImage(bytes: Uint8Array, edge: number): Promise<{ data: Buffer; type: string }> {
  const data = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
    .rotate()
    .resize(edge, edge, { fit: "inside", withoutEnlargement: true })
    .jpeg({ quality: 85 })
    .toBuffer();
  return { data, type: "image/jpeg" };
}
