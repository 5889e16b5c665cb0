import { Avatar } from "@/components/ui/Avatar";
import type { InputMode, ParticipantView } from "@/lib/platform/schemas";

type ReplyRule = NonNullable<ParticipantView["replyRule"]>;
type Props = {
  participants: ParticipantView[];
  mode: InputMode;
  /** The room's owner can remove agents and set which messages they answer. */
  owner?: {
    onRemove: (participantId: string) => Promise<void>;
    onReplyRule: (participantId: string, replyRule: ReplyRule) => Promise<void>;
    /** Removes a person (their own seat ends, and they need a new invite to come back). */
    onRemovePerson?: (userId: string) => Promise<void>;
  };
  /** Starts (or opens) a direct message with someone else in the room. */
  onMessage?: (participant: ParticipantView) => void;
  selfId?: string;
};

const RULE_LABEL: Record<ReplyRule, string> = { all: "Answers every message", mentions: "Answers @mentions only" };

/** Who is in the room and online; how each agent answers. */
export function ParticipantsPanel({ participants, mode, owner, onMessage, selfId }: Props) {
  return (
    <section aria-label="Participants" className="p-3">
      <h2 className="mb-2 flex items-center justify-between text-xs font-semibold uppercase text-slate-500">
        Participants ({participants.length})
        <span
          title="How agents wait for people to finish typing"
          className="rounded bg-slate-100 px-1 normal-case text-slate-600"
        >
          {mode} mode
        </span>
      </h2>
      <ul className="space-y-2" data-testid="participants">
        {participants.map((p) => (
          <li key={p.id} className="text-sm" data-testid={`participant-${p.name}`}>
            <div className="flex items-center gap-2">
              <span
                className={`h-2 w-2 shrink-0 rounded-full ${p.paused ? "bg-red-500" : p.online ? "bg-emerald-500" : "bg-slate-300"}`}
                title={p.paused ? "paused" : p.online ? "online" : "offline"}
              />
              <Avatar id={p.id} name={p.name} size={20} />
              <span className="truncate">
                <bdi>{p.name}</bdi>
              </span>
              {p.kind === "agent" && (
                <span className="rounded bg-violet-100 px-1 text-[10px] font-medium uppercase text-violet-700">
                  agent
                </span>
              )}
              {p.role === "owner" && <span className="text-[10px] uppercase text-slate-500">owner</span>}
              {onMessage && p.id !== selfId && (
                <button
                  type="button"
                  aria-label={`Start a direct chat with ${p.name}`}
                  onClick={() => onMessage(p)}
                  className="ml-auto text-xs text-brand-700 hover:underline"
                >
                  Message
                </button>
              )}
              {owner?.onRemovePerson && p.kind === "user" && p.id !== selfId && p.userId && (
                <button
                  type="button"
                  aria-label={`Remove ${p.name}`}
                  onClick={() =>
                    confirm(
                      `Remove ${p.name} from this room? They lose it at once and need a new invite to come back.`,
                    ) && void owner.onRemovePerson?.(p.userId as string)
                  }
                  className="text-xs text-slate-500 hover:text-red-600"
                >
                  Remove
                </button>
              )}
              {owner && p.kind === "agent" && (
                <button
                  type="button"
                  aria-label={`Remove ${p.name}`}
                  onClick={() =>
                    confirm(`Remove ${p.name} from this room? It stops receiving messages here.`) &&
                    void owner.onRemove(p.id)
                  }
                  className={`${onMessage ? "" : "ml-auto "}text-xs text-slate-500 hover:text-red-600`}
                >
                  Remove
                </button>
              )}
            </div>
            {p.kind === "agent" && (
              <div className="ml-4 mt-0.5 space-y-0.5 text-xs text-slate-600">
                {p.paused ? (
                  <p data-testid="agent-paused" className="font-medium text-red-700">
                    Paused: {p.paused}
                  </p>
                ) : (
                  <p data-testid="presence">
                    {p.online ? "online" : p.lastSeenAt ? `last seen ${ago(p.lastSeenAt)}` : "not connected yet"}
                  </p>
                )}
                {owner && p.replyRule ? (
                  <select
                    aria-label={`When ${p.name} answers`}
                    value={p.replyRule}
                    onChange={(e) => void owner.onReplyRule(p.id, e.target.value as ReplyRule)}
                    className="rounded border border-slate-300 bg-white px-1 py-0.5"
                  >
                    {Object.entries(RULE_LABEL).map(([rule, label]) => (
                      <option key={rule} value={rule}>
                        {label}
                      </option>
                    ))}
                  </select>
                ) : (
                  p.replyRule && <p data-testid="reply-rule">{RULE_LABEL[p.replyRule]}</p>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ago(iso: string): string {
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 24 ? `${hours} h ago` : new Date(iso).toLocaleDateString();
}
