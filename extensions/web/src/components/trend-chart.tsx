import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { IndicatorResult } from '@balanced-scorecard/shared';
import { formatValue, type NumberFormats } from './format';

/** The last periods of one indicator: actual against target. */
export function TrendChart({ indicator, formats }: { indicator: IndicatorResult; formats: NumberFormats }) {
  const points = indicator.trend.map((p) => ({ period: p.periodKey, actual: p.actual, target: p.target }));
  if (points.every((p) => p.actual === null)) return <span className="slds-text-color_weak">no data yet</span>;
  return (
    <div style={{ width: 180, height: 48 }} aria-label={`${indicator.label} trend`}>
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 4, right: 4, bottom: 0, left: 4 }}>
          <XAxis dataKey="period" hide />
          <YAxis hide domain={['auto', 'auto']} />
          <Tooltip formatter={(v) => formatValue(typeof v === 'number' ? v : null, indicator.unit, formats)} />
          <Line type="monotone" dataKey="target" stroke="#939393" strokeDasharray="3 3" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="actual" stroke="#0176d3" strokeWidth={2} connectNulls dot={{ r: 2 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
