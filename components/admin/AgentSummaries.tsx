type Summary = {
  agent: { id: string; name: string };
  up: number;
  down: number;
  satisfaction: number | null;
  comments: number;
  messages: number;
  tokens: { input: number; output: number };
  latencyMs: { p50: number | null; p95: number | null };
  perDay: { day: string; up: number; down: number }[];
};

const ms = (v: number | null) => (v === null ? "–" : `${Math.round(v)} ms`);

/** Ratings per day as stacked bars (up above the line, down below), last 30 days. */
function RatingsChart({ perDay }: { perDay: Summary["perDay"] }) {
  if (perDay.length === 0) return <p className="text-xs text-slate-400">No ratings in the last 30 days.</p>;
  const max = Math.max(1, ...perDay.map((d) => Math.max(d.up, d.down)));
  const width = 300;
  const barWidth = Math.max(4, Math.floor(width / 30) - 2);
  const today = Date.now();
  return (
    <svg viewBox={`0 0 ${width} 80`} className="h-20 w-full" role="img" aria-label="Ratings per day">
      <line x1="0" x2={width} y1="40" y2="40" stroke="#cbd5e1" />
      {perDay.map((d) => {
        const daysAgo = Math.floor((today - Date.parse(d.day)) / 86_400_000);
        const x = width - (daysAgo + 1) * (barWidth + 2);
        return (
          <g key={d.day}>
            <title>{`${d.day}: ${d.up} up, ${d.down} down`}</title>
            <rect x={x} y={40 - (d.up / max) * 38} width={barWidth} height={(d.up / max) * 38} fill="#10b981" />
            <rect x={x} y={40} width={barWidth} height={(d.down / max) * 38} fill="#ef4444" />
          </g>
        );
      })}
    </svg>
  );
}

export function AgentSummaries({ summaries }: { summaries: Summary[] }) {
  if (summaries.length === 0) return <p className="text-sm text-slate-500">No agents yet.</p>;
  return (
    <ul className="grid gap-3 md:grid-cols-2" data-testid="agent-summaries">
      {summaries.map((s) => (
        <li key={s.agent.id} className="rounded border border-slate-200 bg-white p-3">
          <p className="font-medium">{s.agent.name}</p>
          <dl className="my-2 grid grid-cols-3 gap-1 text-xs">
            <div>
              <dt className="text-slate-500">Satisfaction</dt>
              <dd className="text-base font-semibold">{s.satisfaction === null ? "–" : `${s.satisfaction}%`}</dd>
            </div>
            <div>
              <dt className="text-slate-500">👍 / 👎</dt>
              <dd>
                {s.up} / {s.down}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Comments</dt>
              <dd>{s.comments}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Replies</dt>
              <dd>{s.messages}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Tokens in / out</dt>
              <dd>
                {s.tokens.input.toLocaleString()} / {s.tokens.output.toLocaleString()}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Latency p50 / p95</dt>
              <dd>
                {ms(s.latencyMs.p50)} / {ms(s.latencyMs.p95)}
              </dd>
            </div>
          </dl>
          <RatingsChart perDay={s.perDay} />
        </li>
      ))}
    </ul>
  );
}
