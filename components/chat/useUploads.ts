"use client";

import { useCallback, useRef, useState } from "react";
import type { AttachmentView } from "@/lib/platform/schemas";

export type Upload = {
  key: string;
  name: string;
  size: number;
  /** 0–1 while the bytes go up. */
  progress: number;
  status: "uploading" | "done" | "failed";
  error?: string;
  attachment?: AttachmentView;
  /** A local preview of an image, while it uploads and until it is sent. */
  preview?: string;
};

/**
 * Files on their way into a message: each uploads to the room at once (XMLHttpRequest, for its progress),
 * can be cancelled or removed, and says why when the server refused it (too large, a refused type).
 */
export function useUploads(roomId: string, maxMb: number) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const requests = useRef(new Map<string, XMLHttpRequest>());

  const update = useCallback((key: string, change: Partial<Upload>) => {
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  const add = useCallback(
    (files: Iterable<File>) => {
      for (const file of files) {
        const key = crypto.randomUUID();
        const name = file.name || "pasted image";
        // Too large is known before sending: say so at once rather than after uploading megabytes for nothing.
        if (file.size > maxMb * 1024 * 1024) {
          const error = `Files are limited to ${maxMb.toLocaleString("en")} MB each`;
          setUploads((all) => [...all, { key, name, size: file.size, progress: 0, status: "failed", error }]);
          continue;
        }
        const preview = file.type.startsWith("image/") ? URL.createObjectURL(file) : undefined;
        setUploads((all) => [...all, { key, name, size: file.size, progress: 0, status: "uploading", preview }]);
        const xhr = new XMLHttpRequest();
        requests.current.set(key, xhr);
        xhr.upload.onprogress = (e) => e.lengthComputable && update(key, { progress: e.loaded / e.total });
        xhr.onload = () => {
          requests.current.delete(key);
          const body = safeJson(xhr.responseText);
          if (xhr.status === 201) update(key, { status: "done", progress: 1, attachment: body?.attachment });
          else update(key, { status: "failed", error: body?.error?.message ?? `Upload failed (${xhr.status})` });
        };
        xhr.onerror = () => {
          requests.current.delete(key);
          update(key, { status: "failed", error: "Upload failed: check your connection" });
        };
        xhr.open("POST", `/api/rooms/${roomId}/attachments`);
        const form = new FormData();
        form.append("file", file, file.name || "pasted-image.png");
        xhr.send(form);
      }
    },
    [roomId, maxMb, update],
  );

  /** Cancels an upload under way, or takes a finished or failed one out of the message. */
  const remove = useCallback((key: string) => {
    requests.current.get(key)?.abort();
    requests.current.delete(key);
    setUploads((all) => {
      const gone = all.find((u) => u.key === key);
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return all.filter((u) => u.key !== key);
    });
  }, []);

  /** After a send: the files went with the message. */
  const clear = useCallback(() => {
    setUploads((all) => {
      for (const u of all) if (u.preview) URL.revokeObjectURL(u.preview);
      return [];
    });
  }, []);

  const ready = uploads.filter((u) => u.status === "done" && u.attachment).map((u) => u.attachment as AttachmentView);
  const busy = uploads.some((u) => u.status === "uploading");
  return { uploads, add, remove, clear, ready, busy };
}

export type Uploads = ReturnType<typeof useUploads>;

function safeJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
