import { ThumbDown, ThumbUp } from "@/components/ui/icons";

type Summary = {
  agent: { id: string; name: string };
  up: number;
  down: number;
  satisfaction: number | null;
  comments: number;
  messages: number;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  latencyMs: { p50: number | null; p95: number | null };
  perDay: { day: string; up: number; down: number }[];
};

const ms = (v: number | null) => (v === null ? "–" : `${Math.round(v)} ms`);

const DAYS = 30;
const DAY_MS = 86_400_000;
const dayLabel = (time: number) =>
  new Date(time).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

/**
 * Ratings per day over the last 30 days as bars, up above the axis and down below it, with a count scale
 * on the left, dates along the bottom and a legend.
 */
function RatingsChart({ perDay }: { perDay: Summary["perDay"] }) {
  if (perDay.length === 0) return <p className="text-xs text-slate-500">No ratings in the last 30 days.</p>;
  const max = Math.max(1, ...perDay.map((d) => Math.max(d.up, d.down)));
  const [left, width, top, half] = [28, 300, 6, 40];
  const zero = top + half;
  const slot = (width - left) / DAYS;
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const first = today - (DAYS - 1) * DAY_MS;
  const xOf = (time: number) => left + Math.round((time - first) / DAY_MS) * slot;
  const ticks = [first, first + 10 * DAY_MS, first + 20 * DAY_MS, today];
  const total = perDay.reduce((sum, d) => ({ up: sum.up + d.up, down: sum.down + d.down }), { up: 0, down: 0 });
  return (
    <figure className="text-slate-600">
      <svg
        viewBox={`0 0 ${width} ${zero + half + 16}`}
        className="w-full"
        role="img"
        aria-label={`Ratings per day, last 30 days: ${total.up} up, ${total.down} down`}
        data-testid="ratings-chart"
      >
        <g fontSize="8" fill="currentColor">
          <text x={left - 4} y={top + 3} textAnchor="end">
            {max}
          </text>
          <text x={left - 4} y={zero + 3} textAnchor="end">
            0
          </text>
          <text x={left - 4} y={zero + half} textAnchor="end">
            {max}
          </text>
          {ticks.map((t) => (
            <text
              key={t}
              x={Math.min(xOf(t) + slot / 2, width - 14)}
              y={zero + half + 12}
              textAnchor="middle"
              data-testid="chart-date"
            >
              {dayLabel(t)}
            </text>
          ))}
        </g>
        <line x1={left} x2={left} y1={top} y2={zero + half} stroke="currentColor" strokeOpacity="0.4" />
        <line x1={left} x2={width} y1={zero} y2={zero} stroke="currentColor" strokeOpacity="0.4" />
        {perDay.map((d) => {
          const x = xOf(Date.parse(d.day)) + 1;
          if (x < left) return null;
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.up} up, ${d.down} down`}</title>
              <rect x={x} y={zero - (d.up / max) * half} width={slot - 2} height={(d.up / max) * half} fill="#059669" />
              <rect x={x} y={zero} width={slot - 2} height={(d.down / max) * half} fill="#dc2626" />
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 flex gap-3 text-xs" data-testid="chart-legend">
        <span className="flex items-center gap-1">
          <span className="inline-block h-2 w-2 bg-emerald-600" aria-hidden="true" /> Up (above the line)
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-2 w-2 bg-red-600" aria-hidden="true" /> Down (below)
        </span>
        <span className="ml-auto">ratings per day</span>
      </figcaption>
    </figure>
  );
}

export function AgentSummaries({ summaries }: { summaries: Summary[] }) {
  if (summaries.length === 0) return <p className="text-sm text-slate-500">No agents yet.</p>;
  return (
    <ul className="grid gap-3 md:grid-cols-2" data-testid="agent-summaries">
      {summaries.map((s) => (
        <li key={s.agent.id} className="rounded border border-slate-200 bg-white p-3">
          <p className="font-medium">
            <bdi>{s.agent.name}</bdi>
          </p>
          <dl className="my-2 grid grid-cols-3 gap-1 text-xs">
            <div>
              <dt className="text-slate-500">Satisfaction</dt>
              <dd className="text-base font-semibold">{s.satisfaction === null ? "–" : `${s.satisfaction}%`}</dd>
            </div>
            <div>
              <dt className="flex items-center gap-1 text-slate-500">
                <ThumbUp /> / <ThumbDown /> <span className="sr-only">Up / down</span>
              </dt>
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
              <dt className="text-slate-500">Cache read / written</dt>
              <dd data-testid="cache-tokens">
                {s.tokens.cacheRead.toLocaleString()} / {s.tokens.cacheWrite.toLocaleString()}
              </dd>
            </div>
            <div className="col-span-2">
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
