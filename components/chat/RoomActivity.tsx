import type { ParticipantView } from "@/lib/platform/schemas";
import { AgentWorking } from "./AgentWorking";

/** The line above the composer: who is typing, and which agents are working on a reply. */
export function RoomActivity({ typing, participants }: { typing: string[]; participants: ParticipantView[] }) {
  return (
    <p className="flex h-5 gap-3 px-4 text-xs text-slate-600">
      <span data-testid="typing">
        {typing.length > 0 && (
          <>
            <bdi>{typing.join(", ")}</bdi> {typing.length === 1 ? "is" : "are"} typing…
          </>
        )}
      </span>
      <AgentWorking participants={participants} />
    </p>
  );
}
