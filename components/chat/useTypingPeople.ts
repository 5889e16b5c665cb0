"use client";

import { useCallback, useEffect, useState } from "react";

/** How long a "typing" lasts without another: a browser that closed never says it stopped. */
const TYPING_TTL_MS = 6000;

/**
 * Who else is typing in the room, from the stream's typing events (each one fades out by itself), and
 * `announce` to tell the room whether the reader is typing.
 */
export function useTypingPeople(roomId: string) {
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});

  const heard = useCallback((event: { participantId: string; name: string; typing: boolean }) => {
    setTyping((current) => {
      const next = { ...current };
      if (event.typing) next[event.participantId] = { name: event.name, until: Date.now() + TYPING_TTL_MS };
      else delete next[event.participantId];
      return next;
    });
  }, []);

  /** Their message arrived: they are no longer typing it. */
  const stopped = useCallback((participantId: string) => {
    setTyping((current) => {
      if (!current[participantId]) return current;
      const { [participantId]: _, ...rest } = current;
      return rest;
    });
  }, []);

  useEffect(() => {
    const timer = setInterval(() => {
      setTyping((current) => {
        const now = Date.now();
        const live = Object.entries(current).filter(([, t]) => t.until > now);
        return live.length === Object.keys(current).length ? current : Object.fromEntries(live);
      });
    }, 1000);
    return () => clearInterval(timer);
  }, []);

  const announce = useCallback(
    (isTyping: boolean) =>
      void fetch(`/api/rooms/${roomId}/typing`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ typing: isTyping }),
      }),
    [roomId],
  );

  return { names: Object.values(typing).map((t) => t.name), heard, stopped, announce };
}
