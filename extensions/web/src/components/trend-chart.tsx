import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { periodName, type IndicatorResult } from '@balanced-scorecard/shared';
import { formatValue, type NumberFormats } from './format';

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
