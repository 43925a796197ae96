import { LEVELS, periodName, type IndicatorResult, type SellerScorecard, type SellerScorecardResponse } from '@balanced-scorecard/shared';
import { useApi } from '../api/use-api';
import { SellerFocus } from './insights';
import { formatAttainment, formatScoreOf100, formatValue, LEVEL_LABEL, STATUS_CLASS, type NumberFormats } from './format';
import { ErrorState, Legend, Loading, StatusBadge } from './states';
import { TrendChart } from './trend-chart';

/** The period a card shows, by name, and how far a running one has come. */
export function PeriodLine({ period, locale }: { period: SellerScorecard['period']; locale: string }) {
  return (
    <p className="slds-page-header__meta-text" data-testid="period-name">
      {periodName(period.key, locale)}
      {period.running && (
        <span data-testid="provisional">
          {' '}
          · running, {Math.round(period.elapsedShare * 100)} % of its working days behind it: scores are provisional
        </span>
      )}
    </p>
  );
}

function LevelCards({ card, locale }: { card: SellerScorecard; locale: string }) {
  return (
    <div className="bs-levels">
      {card.levels.map((l) => (
        <div key={l.level} className={`bs-level ${STATUS_CLASS[l.status]}`} data-testid="level-card" data-level={l.level} data-status={l.status}>
          <h2 className="slds-text-title_caps">{LEVEL_LABEL[l.level]}</h2>
          {l.score !== null ? (
            <div className="slds-text-heading_large">{formatScoreOf100(l.score, locale)}</div>
          ) : (
            <div className="slds-text-heading_small" data-testid="not-enough-data">
              Not enough data yet
              <div className="slds-text-body_small">data for {Math.round(l.coverage * 100)} % of its weight (a score needs half)</div>
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

function IndicatorTable({ level, indicators, formats, running }: { level: (typeof LEVELS)[number]; indicators: IndicatorResult[]; formats: NumberFormats; running: boolean }) {
  return (
    <div className="bs-scroll slds-m-bottom_medium">
      <table className="slds-table slds-table_bordered slds-table_cell-buffer" aria-label={`${LEVEL_LABEL[level]} indicators`}>
        <caption className="slds-text-heading_small slds-text-align_left slds-p-vertical_x-small">{LEVEL_LABEL[level]}</caption>
        <thead>
          <tr>
            <th scope="col">Indicator</th>
            <th scope="col">Actual</th>
            <th scope="col">Target</th>
            {running && <th scope="col">Expected so far</th>}
            <th scope="col" title="What the level score is built from: actual against the target, or in a running period against what was expected so far">
              Attainment
            </th>
            <th scope="col">Status</th>
            <th scope="col">Trend</th>
          </tr>
        </thead>
        <tbody>
          {indicators.map((i) => (
            <tr key={i.indicatorId} data-testid="indicator-row" data-indicator={i.indicatorId}>
              <th scope="row">{i.label}</th>
              <td data-testid="actual">{formatValue(i.actual, i.unit, formats, i.scaleMax)}</td>
              <td data-testid="target">{formatValue(i.target, i.unit, formats, i.scaleMax)}</td>
              {running && <td>{formatValue(i.expected, i.unit, formats)}</td>}
              <td>
                {formatAttainment(i.attainment, formats.locale)}
                {i.statusBasis === 'pace' && i.attainment !== null && <span className="slds-text-color_weak"> of pace</span>}
              </td>
              <td>
                <StatusBadge status={i.status} />
              </td>
              <td>
                <TrendChart indicator={i} formats={formats} running={running} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One seller's scorecard: the four levels, the balance index, every indicator with its trend. */
export function SellerView({ sellerId, query = '' }: { sellerId: string; query?: string }) {
  const res = useApi<SellerScorecardResponse>(`/api/v1/sellers/${encodeURIComponent(sellerId)}/scorecard${query}`);
  if (res.state === 'loading') return <Loading label="Loading scorecard" />;
  if (res.state === 'error') return <ErrorState error={res.error} onRetry={res.reload} subject="seller" />;
  const { scorecard: card, currency, locale, answersHidden, answersRecorded } = res.data;
  const formats = { locale, currency };
  const unbalanced = card.balanceIndex !== null && card.weightedAverage !== null && card.weightedAverage - card.balanceIndex >= 10;
  return (
    <article data-testid="seller-scorecard" aria-label={`Scorecard of ${card.name}`}>
      <header className="slds-page-header slds-m-bottom_medium">
        <h1 className="slds-page-header__title">{card.name}</h1>
        <PeriodLine period={card.period} locale={locale} />
        <div className="slds-grid slds-wrap slds-gutters slds-m-top_small">
          <div className="slds-col">
            <div className="slds-text-title">Balance index</div>
            <div className="slds-text-heading_large" data-testid="balance-index">
              {card.balanceIndex === null ? 'Not enough data yet' : formatScoreOf100(card.balanceIndex, locale)}
            </div>
            {card.withheldLevels.length > 0 && (
              <div className="slds-text-body_small slds-text-color_weak" data-testid="withheld-levels">
                without {card.withheldLevels.map((l) => LEVEL_LABEL[l]).join(' and ')}: private to the seller
              </div>
            )}
          </div>
          <div className="slds-col">
            <div className="slds-text-title">Average of the levels</div>
            <div className="slds-text-heading_medium">{formatScoreOf100(card.weightedAverage, locale)}</div>
            <div className="slds-text-body_small slds-text-color_weak">for comparison: the balance index falls below it when one level holds the others back</div>
          </div>
        </div>
        {unbalanced && (
          <p className="slds-text-color_error slds-m-top_x-small" data-testid="unbalanced">
            Unbalanced: one level holds the others back. Half times half is not a whole.
          </p>
        )}
      </header>
      <LevelCards card={card} locale={locale} />
      <SellerFocus sellerId={card.sellerId} />
      <Legend />
      {answersRecorded && (
        <p className="slds-box slds-theme_shade slds-m-bottom_small" data-testid="answers-recorded">
          You see {card.name}’s own check-in answers (will and foundation items). They are personal: each time you open them, the read is recorded.
        </p>
      )}
      {answersHidden && (
        <p className="slds-text-color_weak slds-m-bottom_small" data-testid="answers-hidden">
          Check-in answers are private to the seller in this company: those items show no values, and no score here is computed from them.
        </p>
      )}
      {LEVELS.map((level) => (
        <IndicatorTable key={level} level={level} indicators={card.indicators.filter((i) => i.level === level)} formats={formats} running={card.period.running} />
      ))}
    </article>
  );
}
