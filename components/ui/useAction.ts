"use client";

import { useCallback, useState } from "react";

/** Runs a click's async work and keeps its error to show, instead of failing silently. */
export function useAction() {
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err instanceof Error ? err.message : "Something went wrong");
    }
  }, []);
  return { error, run };
}
