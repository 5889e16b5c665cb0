import type { InputMode, ParticipantView } from "@/lib/schemas";

type Props = { participants: ParticipantView[]; mode: InputMode; onRemove?: (participantId: string) => Promise<void> };

/** Who is in the room and online; the owner can remove agents. */
export function ParticipantsPanel({ participants, mode, onRemove }: Props) {
  return (
    <section aria-label="Participants" className="p-3">
      <h2 className="mb-2 flex items-center justify-between text-xs font-semibold uppercase text-slate-500">
        Participants ({participants.length})
        <span title="How agents wait for people to finish typing" className="rounded bg-slate-100 px-1 normal-case text-slate-600">
          {mode} mode
        </span>
      </h2>
      <ul className="space-y-1" data-testid="participants">
        {participants.map((p) => (
          <li key={p.id} className="flex items-center gap-2 text-sm">
            <span
              className={`h-2 w-2 rounded-full ${p.online ? "bg-emerald-500" : "bg-slate-300"}`}
              title={p.online ? "online" : "offline"}
            />
            <span className="truncate">{p.name}</span>
            {p.kind === "agent" && (
              <span className="rounded bg-violet-100 px-1 text-[10px] font-medium uppercase text-violet-700">agent</span>
            )}
            {p.role === "owner" && <span className="text-[10px] uppercase text-slate-400">owner</span>}
            {onRemove && p.kind === "agent" && (
              <button type="button" aria-label={`Remove ${p.name}`} onClick={() => void onRemove(p.id)} className="ml-auto text-xs text-slate-400 hover:text-red-600">
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
