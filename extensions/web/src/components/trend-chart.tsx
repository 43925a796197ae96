import { Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { periodName, type IndicatorResult, type TeamTrendResponse } from '@balanced-scorecard/shared';
import { formatScoreOf100, formatValue, LEVEL_LABEL, type NumberFormats } from './format';

/** A short label for the x-axis: "Nov", "W47", "Q4". */
function shortName(key: string, locale: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) return new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(Date.UTC(Number(month[1]), Number(month[2]) - 1, 15));
  return key.slice(5);
}

/**
 * The last periods of one indicator: actual against the target (dashed), period names on the
 * axis, values on hover. Check-in answers keep their fixed 1–5 scale, so a move from 3 to 4 does
 * not look like a cliff; the running period is the last point, named as provisional on hover.
 */
export function TrendChart({ indicator, formats, running }: { indicator: IndicatorResult; formats: NumberFormats; running?: boolean }) {
  const last = indicator.trend.length - 1;
  const points = indicator.trend.map((p, i) => ({ period: p.periodKey, actual: p.actual, target: p.target, provisional: running === true && i === last }));
  if (points.every((p) => p.actual === null)) return <span className="slds-text-color_weak">no data yet</span>;
  const answers = indicator.unit === 'score' && indicator.level !== 'result';
  return (
    <div style={{ width: 200, height: 64 }} role="img" aria-label={`${indicator.label}, last ${points.length} periods: ${points.map((p) => `${periodName(p.period, formats.locale)} ${formatValue(p.actual, indicator.unit, formats, indicator.scaleMax)}`).join(', ')}`}>
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 4, right: 14, bottom: 0, left: 14 }}>
          <XAxis dataKey="period" tickFormatter={(k: string) => shortName(k, formats.locale)} tick={{ fontSize: 10 }} interval={0} height={16} tickLine={false} />
          <YAxis hide domain={answers ? [1, 5] : ['auto', 'auto']} />
          <Tooltip
            labelFormatter={(k) => {
              const i = points.findIndex((p) => p.period === k);
              return `${periodName(String(k), formats.locale)}${points[i]?.provisional ? ' (running: provisional)' : ''}`;
            }}
            formatter={(v, name) => [formatValue(typeof v === 'number' ? v : null, indicator.unit, formats, indicator.scaleMax), name === 'target' ? 'Target' : 'Actual']}
          />
          <Line type="linear" dataKey="target" stroke="#706e6b" strokeDasharray="3 3" dot={false} isAnimationActive={false} />
          <Line type="linear" dataKey="actual" stroke="#0176d3" strokeWidth={2} connectNulls dot={{ r: 2 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The team's lines: each level's median and the balance index, told apart by colour and by dash. */
const TEAM_LINES = [
  { key: 'balanceIndex', label: 'Balance index', stroke: '#032d60', dash: '0', width: 3 },
  { key: 'result', label: LEVEL_LABEL.result, stroke: '#0176d3', dash: '0', width: 2 },
  { key: 'activity', label: LEVEL_LABEL.activity, stroke: '#2e844a', dash: '6 3', width: 2 },
  { key: 'will', label: LEVEL_LABEL.will, stroke: '#a96404', dash: '2 2', width: 2 },
  { key: 'foundation', label: LEVEL_LABEL.foundation, stroke: '#7526e3', dash: '8 3 2 3', width: 2 },
] as const;

/**
 * A team's median per level and its balance index over the last periods, on the fixed 0–100
 * scale of scores. A period without enough data leaves a gap; the running period is named as
 * provisional on hover.
 */
export function TeamTrendChart({ trend }: { trend: TeamTrendResponse }) {
  const { locale } = trend;
  const points = trend.points.map((p) => ({ period: p.periodKey, running: p.running, balanceIndex: p.medians.balanceIndex, ...p.medians.levels }));
  if (points.every((p) => TEAM_LINES.every((l) => p[l.key] === null))) return <p className="slds-text-color_weak">No scores yet for these periods.</p>;
  const described = trend.points.map((p) => `${p.name}${p.running ? ' (provisional)' : ''}: balance index ${formatScoreOf100(p.medians.balanceIndex, locale)}, ${TEAM_LINES.slice(1).map((l) => `${l.label} ${formatScoreOf100(p.medians.levels[l.key as keyof typeof p.medians.levels], locale)}`).join(', ')}`);
  return (
    <div className="bs-team-trend" role="img" aria-label={`${trend.name}, team medians over the last ${points.length} periods. ${described.join('. ')}`} data-testid="team-trend">
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <XAxis dataKey="period" tickFormatter={(k: string) => shortName(k, locale)} tick={{ fontSize: 11 }} interval={0} tickLine={false} />
          <YAxis domain={[0, 100]} ticks={[0, 50, 100]} width={32} tick={{ fontSize: 11 }} />
          <Tooltip
            labelFormatter={(k) => {
              const p = points.find((x) => x.period === k);
              return `${periodName(String(k), locale)}${p?.running ? ' (running: provisional)' : ''}`;
            }}
            formatter={(v, name) => [formatScoreOf100(typeof v === 'number' ? v : null, locale), name]}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {TEAM_LINES.map((l) => (
            <Line key={l.key} type="linear" dataKey={l.key} name={l.label} stroke={l.stroke} strokeDasharray={l.dash} strokeWidth={l.width} dot={{ r: 2 }} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
