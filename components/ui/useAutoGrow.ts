"use client";

import { type RefObject, useLayoutEffect } from "react";

/** Grows a textarea with its text (up to `maxPx`, then it scrolls). */
export function useAutoGrow(ref: RefObject<HTMLTextAreaElement | null>, value: string, maxPx = 240) {
  // `value` is what the height follows: the effect reads it through the element, so it is named here.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measure on every change of the text
  useLayoutEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.style.height = "auto";
    area.style.height = `${Math.min(area.scrollHeight + 2, maxPx)}px`;
    area.style.overflowY = area.scrollHeight + 2 > maxPx ? "auto" : "hidden";
  }, [ref, value, maxPx]);
}
