"use client";

import { FileIcon } from "@/components/ui/icons";
import type { AttachmentView } from "@/lib/platform/schemas";
import type { Upload } from "./useUploads";

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A short name for a file's type: "PNG image", "PDF", "text". */
function typeLabel(type: string): string {
  if (type === "application/pdf") return "PDF";
  if (type === "text/plain") return "text";
  if (type.startsWith("image/")) return `${type.slice(6).replace("svg+xml", "SVG").toUpperCase()} image`;
  if (type.startsWith("audio/")) return "audio";
  if (type.startsWith("video/")) return "video";
  if (type.includes("zip") || type.includes("tar") || type.includes("7z") || type.includes("gzip")) return "archive";
  if (type.includes("officedocument") || type.includes("opendocument") || type.includes("ms-")) return "document";
  return type;
}

/** A message's files: images as thumbnails that open full size, other files as a card to download. */
export function MessageAttachments({ attachments }: { attachments: AttachmentView[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="mt-1 flex flex-wrap gap-2" data-testid="attachments" aria-label="Files">
      {attachments.map((a) => (
        <li key={a.id}>
          {a.thumbnail ? (
            <a
              href={`/api/attachments/${a.id}`}
              target="_blank"
              rel="noopener"
              title={`${a.name} (${formatSize(a.size)}): open full size`}
              className="inline-block overflow-hidden rounded border border-slate-200 align-top hover:border-brand-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
            >
              {/* biome-ignore lint/performance/noImgElement: a thumbnail Parley made, served by its own route */}
              <img
                src={`/api/attachments/${a.id}/thumbnail`}
                alt={a.name}
                width={a.width ?? undefined}
                height={a.height ?? undefined}
                loading="lazy"
                data-testid="attachment-image"
                className="block h-auto max-h-60 w-auto max-w-[min(20rem,70vw)] object-contain"
              />
            </a>
          ) : (
            <a
              href={`/api/attachments/${a.id}`}
              download={a.name}
              data-testid="attachment-file"
              className="flex max-w-xs items-center gap-2 rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm hover:border-brand-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
            >
              <span className="shrink-0 text-slate-500">
                <FileIcon />
              </span>
              <span className="min-w-0">
                <bdi className="block truncate font-medium text-slate-800">{a.name}</bdi>
                <span className="block text-xs text-slate-500">
                  {typeLabel(a.type)} · {formatSize(a.size)}
                </span>
              </span>
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Files being added to the message being written: progress, cancel, and why one was refused. */
export function UploadTray({ uploads, onRemove }: { uploads: Upload[]; onRemove: (key: string) => void }) {
  if (uploads.length === 0) return null;
  return (
    <ul className="mb-2 flex flex-wrap gap-2" data-testid="upload-tray" aria-label="Files to send">
      {uploads.map((u) => (
        <li
          key={u.key}
          data-testid="upload"
          data-status={u.status}
          className={`flex max-w-xs items-center gap-2 rounded border px-2 py-1 text-xs ${
            u.status === "failed" ? "border-red-300 bg-red-50" : "border-slate-200 bg-slate-50"
          }`}
        >
          {/* biome-ignore lint/performance/noImgElement: a local preview (blob: URL) of the file being sent */}
          {u.preview && <img src={u.preview} alt="" className="h-8 w-8 rounded object-cover" />}
          <span className="min-w-0">
            <bdi className="block truncate font-medium text-slate-800">{u.name}</bdi>
            {u.status === "uploading" && (
              <progress className="block h-1 w-24" value={u.progress} max={1} aria-label={`Uploading ${u.name}`} />
            )}
            {u.status === "done" && <span className="block text-slate-500">{formatSize(u.size)}</span>}
            {u.status === "failed" && (
              <span role="alert" className="block text-red-700">
                {u.error}
              </span>
            )}
          </span>
          <button
            type="button"
            onClick={() => onRemove(u.key)}
            aria-label={u.status === "uploading" ? `Cancel uploading ${u.name}` : `Remove ${u.name}`}
            className="rounded px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-800"
          >
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
