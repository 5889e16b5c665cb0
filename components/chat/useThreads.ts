"use client";

import { useCallback, useRef, useState } from "react";
import useSWR from "swr";
import { fetcher } from "@/lib/client/api";
import type { RoomEvent } from "@/lib/platform/schemas";

/**
 * The room's threads as the page shows them: which one is open beside the room, the unread count of each
 * the reader took part in, and the room's events passed on to the open thread (the page has one stream).
 */
export function useThreads(roomId: string, initiallyOpen: number | null) {
  const [open, setOpen] = useState<number | null>(initiallyOpen);
  const close = useCallback(() => setOpen(null), []);
  const listeners = useRef(new Set<(event: RoomEvent) => void>());
  const subscribe = useCallback((listener: (event: RoomEvent) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const publish = useCallback((event: RoomEvent) => {
    for (const listener of listeners.current) listener(event);
  }, []);
  const key = `/api/rooms/${roomId}/threads`;
  const { data, mutate } = useSWR<{ threads: { rootSeq: number; unread: number }[] }>(key, fetcher);
  const unread = new Map(data?.threads.map((t) => [t.rootSeq, t.unread]));
  // Stable: the open thread's read effect depends on it.
  const refresh = useCallback(() => void mutate(), [mutate]);
  return { open, setOpen, close, subscribe, publish, unread, key, refresh };
}
