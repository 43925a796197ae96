import { LEVELS, type SellerScorecardResponse } from '@balanced-scorecard/shared';
import { useApi } from '../api/use-api';
import { formatScore, formatValue, LEVEL_LABEL, STATUS_CLASS } from './format';
import { ErrorState, Loading, StatusBadge } from './states';
import { TrendChart } from './trend-chart';

/** One seller's scorecard: the four levels, the balance index, every indicator with its trend. */
export function SellerView({ sellerId }: { sellerId: string }) {
  const res = useApi<SellerScorecardResponse>(`/api/v1/sellers/${encodeURIComponent(sellerId)}/scorecard`);
  if (res.state === 'loading') return <Loading label="Loading scorecard" />;
  if (res.state === 'error') return <ErrorState error={res.error} onRetry={res.reload} />;
  const { scorecard: card, currency, locale, answersHidden } = res.data;
  const formats = { locale, currency };
  const levelStatus = (score: number | null) => (score === null ? 'grey' : score >= 90 ? 'green' : score >= 70 ? 'amber' : 'red');
  return (
    <article data-testid="seller-scorecard" aria-label={`Scorecard of ${card.name}`}>
      <header className="slds-page-header slds-m-bottom_medium">
        <h1 className="slds-page-header__title">{card.name}</h1>
        <p className="slds-page-header__meta-text">
          {card.period.key}
          {card.period.running ? ` · running (${Math.round(card.period.elapsedShare * 100)} % of working days)` : ''}
        </p>
        <div className="slds-grid slds-gutters slds-m-top_small">
          <div className="slds-col">
            <div className="slds-text-title">Balance index</div>
            <div className="slds-text-heading_large" data-testid="balance-index">
              {formatScore(card.balanceIndex, locale)}
            </div>
            {card.withheldLevels.length > 0 && (
              <div className="slds-text-body_small slds-text-color_weak" data-testid="withheld-levels">
                without {card.withheldLevels.map((l) => LEVEL_LABEL[l]).join(' and ')}: private to the seller
              </div>
            )}
          </div>
          <div className="slds-col">
            <div className="slds-text-title" title="Diagnostic: the plain weighted average of the same four levels">
              Plain average (diagnostic)
            </div>
            <div className="slds-text-heading_medium">{formatScore(card.weightedAverage, locale)}</div>
          </div>
        </div>
        {card.balanceIndex !== null && card.weightedAverage !== null && card.weightedAverage - card.balanceIndex >= 10 && (
          <p className="slds-text-color_error slds-m-top_x-small">Unbalanced: one level holds the others back. Half times half is not a whole.</p>
        )}
      </header>
      <div className="slds-grid slds-wrap slds-gutters slds-m-bottom_medium">
        {card.levels.map((l) => (
          <div key={l.level} className="slds-col slds-size_1-of-4" data-testid="level-card" data-level={l.level}>
            <div className={`slds-box ${STATUS_CLASS[levelStatus(l.score)]}`}>
              <div className="slds-text-title_caps">{LEVEL_LABEL[l.level]}</div>
              <div className="slds-text-heading_large">{formatScore(l.score, locale)}</div>
            </div>
          </div>
        ))}
      </div>
      {answersHidden && (
        <p className="slds-text-color_weak slds-m-bottom_small" data-testid="answers-hidden">
          Check-in answers are private to the seller in this company: those items show no values, and no score here is computed from them.
        </p>
      )}
      {LEVELS.map((level) => (
        <table key={level} className="slds-table slds-table_bordered slds-table_cell-buffer slds-m-bottom_medium" aria-label={`${LEVEL_LABEL[level]} indicators`}>
          <caption className="slds-text-heading_small slds-text-align_left slds-p-vertical_x-small">{LEVEL_LABEL[level]}</caption>
          <thead>
            <tr>
              <th scope="col">Indicator</th>
              <th scope="col">Actual</th>
              <th scope="col">Target</th>
              <th scope="col">Expected so far</th>
              <th scope="col">Status</th>
              <th scope="col">Trend</th>
            </tr>
          </thead>
          <tbody>
            {card.indicators
              .filter((i) => i.level === level)
              .map((i) => (
                <tr key={i.indicatorId} data-testid="indicator-row" data-indicator={i.indicatorId}>
                  <th scope="row">{i.label}</th>
                  <td>{formatValue(i.actual, i.unit, formats)}</td>
                  <td>{formatValue(i.target, i.unit, formats)}</td>
                  <td>{formatValue(i.expected, i.unit, formats)}</td>
                  <td>
                    <StatusBadge status={i.status} />
                  </td>
                  <td>
                    <TrendChart indicator={i} formats={formats} />
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
    </article>
  );
}
