import "server-only";
import { env } from "@/lib/platform/env";
import { log } from "@/lib/platform/log";
import { type Draft, growDraft, stopRequested } from "@/lib/rooms/drafts";

/**
 * Shows a reply's text to the room at most every HOSTED_AGENT_DRAFT_INTERVAL_MS, one write at a time, and
 * checks for Stop at the same pace while the model is silent (thinking, or waiting for a tool).
 */
export function draftWriter(draft: Draft, onStop: () => void) {
  let latest = "";
  let shown = "";
  let busy: Promise<void> = Promise.resolve();
  const tick = () => {
    busy = busy.then(async () => {
      const stop = latest !== shown ? (await growDraft(draft, (shown = latest))).stop : await stopRequested(draft);
      if (stop) onStop();
    });
    busy = busy.catch((err) => log.warn("hosted agent draft write failed", { error: String(err) }));
  };
  const timer = setInterval(tick, env.HOSTED_AGENT_DRAFT_INTERVAL_MS);
  return {
    write: (text: string) => {
      latest = text;
    },
    close: async () => {
      clearInterval(timer);
      await busy;
    },
  };
}
