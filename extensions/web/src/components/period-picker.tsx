import type { PeriodKind, PeriodListResponse } from '@balanced-scorecard/shared';
import { useApi } from '../api/use-api';

const KIND_LABEL: Record<PeriodKind, string> = { week: 'Week', month: 'Month', quarter: 'Quarter' };

/**
 * Which period the scorecards show: the kind (week, month, quarter) and one of its recent periods
 * by name. Without a choice the service's default shows: the running period, or the last complete
 * one while the running one has barely begun.
 */
export function PeriodPicker({ kind, periodKey, onChange }: { kind: PeriodKind; periodKey: string | null; onChange: (kind: PeriodKind, key: string | null) => void }) {
  const list = useApi<PeriodListResponse>(`/api/v1/periods?period=${kind}`);
  const selected = periodKey ?? (list.state === 'success' ? list.data.defaultKey : '');
  return (
    <div className="bs-period-picker slds-grid slds-wrap slds-gutters_x-small slds-m-bottom_small" role="group" aria-label="Period" data-testid="period-picker">
      <div className="slds-col slds-form-element">
        <label className="slds-form-element__label" htmlFor="period-kind">
          Period type
        </label>
        <select id="period-kind" className="slds-select" value={kind} onChange={(e) => onChange(e.target.value as PeriodKind, null)}>
          {(['week', 'month', 'quarter'] as const).map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="slds-col slds-form-element">
        <label className="slds-form-element__label" htmlFor="period-key">
          Period
        </label>
        <select id="period-key" className="slds-select" value={selected} disabled={list.state !== 'success'} onChange={(e) => onChange(kind, e.target.value)}>
          {list.state === 'success' &&
            list.data.periods.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
                {p.running ? ' (running)' : ''}
              </option>
            ))}
          {list.state === 'loading' && <option value="">Loading…</option>}
        </select>
      </div>
    </div>
  );
}
